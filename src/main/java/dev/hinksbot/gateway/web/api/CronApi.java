package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.cron.CronJob;
import dev.hinksbot.gateway.cron.CronRun;
import dev.hinksbot.gateway.cron.CronRunner;
import dev.hinksbot.gateway.cron.CronService;
import dev.hinksbot.gateway.cron.JobSpec;
import dev.hinksbot.gateway.cron.RunDeliveries;
import dev.hinksbot.gateway.store.OutboxRepository;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.CronDeletedReply;
import dev.hinksbot.gateway.web.api.view.CronJobReply;
import dev.hinksbot.gateway.web.api.view.CronJobView;
import dev.hinksbot.gateway.web.api.view.CronJobsReply;
import dev.hinksbot.gateway.web.api.view.CronRunReply;
import dev.hinksbot.gateway.web.api.view.CronRunView;
import dev.hinksbot.gateway.web.api.view.CronRunsReply;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/gui/cron/*}, the web console's cron endpoints (seed 003): answers are {@code {"ok":true,"data":…}},
 * failures {@code {"ok":false,"error":{"code","message","details"}}} — this namespace's envelope, not /api/v1's.
 * Jobs are the seed's summary (job_id, name, schedule, deliver, paused, next_run_at, last_run_at) plus the rest.
 */
public final class CronApi {
    private static final Logger LOG = LoggerFactory.getLogger(CronApi.class);
    private final CronService service;
    private final CronRunner runner;
    private final OutboxRepository outbox;

    public CronApi(CronService service, CronRunner runner, OutboxRepository outbox) {
        this.service = service;
        this.runner = runner;
        this.outbox = outbox;
    }

    public void list(Exchange exchange) {
        respond(exchange, 200, () -> new CronJobsReply(true, new CronJobsReply.CronJobs(service.list().stream().map(this::view).toList())));
    }

    public void get(Exchange exchange) {
        respond(exchange, 200, () -> job(service.get(id(exchange))));
    }

    public void create(Exchange exchange) {
        respond(exchange, 201, () -> job(service.create(spec(Requests.jsonObject(exchange), true), "api")));
    }

    public void patch(Exchange exchange) {
        respond(exchange, 200, () -> job(service.edit(id(exchange), spec(Requests.jsonObject(exchange), false))));
    }

    public void delete(Exchange exchange) {
        respond(exchange, 200, () -> {
            String id = id(exchange);
            if (!service.remove(id)) {
                throw new CronService.JobNotFoundException(id);
            }
            return new CronDeletedReply(true, new CronDeletedReply.DeletedJob(id, true));
        });
    }

    public void pause(Exchange exchange) {
        respond(exchange, 200, () -> job(service.pause(id(exchange))));
    }

    public void resume(Exchange exchange) {
        respond(exchange, 200, () -> job(service.resume(id(exchange))));
    }

    public void run(Exchange exchange) {
        respond(exchange, 202, () -> new CronRunReply(true, runView(runner.runNow(service.get(id(exchange))))));
    }

    public void runs(Exchange exchange) {
        respond(exchange, 200, () -> {
            CronJob job = service.get(id(exchange));
            int limit = Requests.intParam(exchange, "limit", 20, 1, 500);
            return new CronRunsReply(true, new CronRunsReply.CronRuns(job.id(),
                    service.repository().runs(job.id(), limit).stream().map(this::runView).toList()));
        });
    }

    private CronJobReply job(CronJob j) {
        return new CronJobReply(true, view(j));
    }

    private static String id(Exchange exchange) {
        return Requests.pathParam(exchange, "id");
    }

    private static JobSpec spec(JsonNode body, boolean create) {
        List<String> known = List.of("name", "prompt", "schedule", "time_zone", "deliver", "tool_groups", "skills", "model",
                "profile", "repeat");
        body.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                throw new ApiException(400, "invalid_field", "unknown field '" + f + "' (known: " + String.join(", ", known) + ")");
            }
        });
        JsonNode deliverNode = body.get("deliver");
        String deliver = deliverNode != null && deliverNode.isArray()
                ? String.join(",", Requests.optionalStringList(body, "deliver")) : Requests.optionalString(body, "deliver", 2000);
        if (create && Requests.optionalString(body, "prompt", CronService.MAX_PROMPT) == null) {
            throw new ApiException(400, "invalid_field", "'prompt' is required");
        }
        return new JobSpec(Requests.optionalString(body, "name", 200), Requests.optionalString(body, "prompt", CronService.MAX_PROMPT),
                Requests.optionalString(body, "schedule", 200), Requests.optionalString(body, "time_zone", 100), deliver,
                Requests.optionalStringList(body, "tool_groups"), Requests.optionalString(body, "model", 200),
                Requests.optionalString(body, "profile", 100), Requests.optionalInt(body, "repeat", 1, 1_000_000), null);
    }

    private CronJobView view(CronJob j) {
        return new CronJobView(j.id(), j.name(), j.schedule(), j.deliver(), j.paused(), str(j.nextRunAt()), str(j.lastRunAt()),
                j.prompt(), j.scheduleKind(), j.zone().getId(), j.state(), j.lastStatus(), j.origin(), j.createdBy(),
                j.toolGroups(), j.model(), j.profile(), j.repeatLimit(), j.runCount(),
                service.nextRuns(j, 5).stream().map(Instant::toString).toList(), str(j.createdAt()), str(j.updatedAt()));
    }

    private CronRunView runView(CronRun r) {
        List<CronRunView.Delivery> deliveries = RunDeliveries.of(r, outbox::find).stream()
                .map(t -> new CronRunView.Delivery(t.target(), t.status(), t.attempts(), t.lastError(), str(t.deliveredAt()),
                        t.outboxIds(), t.files()))
                .toList();
        return new CronRunView(r.id(), r.jobId(), str(r.scheduledFor()), r.trigger(), r.status(), r.silent(), r.sessionId(),
                str(r.startedAt()), str(r.finishedAt()), r.output(), r.error(), r.deliver(), deliveries);
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Runs {@code work}, whose answer is an envelope record (CronJobReply …), and answers a failure in the same envelope. */
    private static void respond(Exchange exchange, int status, Supplier<Record> work) {
        try {
            Requests.json(exchange, status, work.get());
        } catch (ApiException e) {
            error(exchange, e.status(), e.code(), e.getMessage());
        } catch (CronService.JobNotFoundException e) {
            error(exchange, 404, "not_found", e.getMessage());
        } catch (IllegalArgumentException e) {
            error(exchange, 400, "invalid_job", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("cron API {} failed", exchange.getIn().getHeader(Exchange.HTTP_PATH), e);
            error(exchange, 500, "internal_error", "the gateway failed to handle the request; see its log");
        }
    }

    private static void error(Exchange exchange, int status, String code, String message) {
        ObjectNode body = Json.object();
        body.put("ok", false);
        ObjectNode err = body.putObject("error");
        err.put("code", code);
        err.put("message", message);
        err.putObject("details");
        Requests.json(exchange, status, body);
    }
}
