package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        respond(exchange, 200, () -> {
            ArrayNode jobs = Json.MAPPER.createArrayNode();
            service.list().forEach(j -> jobs.add(view(j)));
            ObjectNode data = Json.object();
            data.set("jobs", jobs);
            return data;
        });
    }

    public void get(Exchange exchange) {
        respond(exchange, 200, () -> view(service.get(id(exchange))));
    }

    public void create(Exchange exchange) {
        respond(exchange, 201, () -> view(service.create(spec(Requests.jsonObject(exchange), true), "api")));
    }

    public void patch(Exchange exchange) {
        respond(exchange, 200, () -> view(service.edit(id(exchange), spec(Requests.jsonObject(exchange), false))));
    }

    public void delete(Exchange exchange) {
        respond(exchange, 200, () -> {
            String id = id(exchange);
            if (!service.remove(id)) {
                throw new CronService.JobNotFoundException(id);
            }
            return Json.object().put("job_id", id).put("deleted", true);
        });
    }

    public void pause(Exchange exchange) {
        respond(exchange, 200, () -> view(service.pause(id(exchange))));
    }

    public void resume(Exchange exchange) {
        respond(exchange, 200, () -> view(service.resume(id(exchange))));
    }

    public void run(Exchange exchange) {
        respond(exchange, 202, () -> runView(runner.runNow(service.get(id(exchange)))));
    }

    public void runs(Exchange exchange) {
        respond(exchange, 200, () -> {
            CronJob job = service.get(id(exchange));
            int limit = Requests.intParam(exchange, "limit", 20, 1, 500);
            ArrayNode runs = Json.MAPPER.createArrayNode();
            service.repository().runs(job.id(), limit).forEach(r -> runs.add(runView(r)));
            ObjectNode data = Json.object();
            data.put("job_id", job.id());
            data.set("runs", runs);
            return data;
        });
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

    private ObjectNode view(CronJob j) {
        ObjectNode n = Json.object();
        n.put("job_id", j.id());
        n.put("name", j.name());
        n.put("schedule", j.schedule());
        n.put("deliver", j.deliver());
        n.put("paused", j.paused());
        n.put("next_run_at", str(j.nextRunAt()));
        n.put("last_run_at", str(j.lastRunAt()));
        n.put("prompt", j.prompt());
        n.put("schedule_kind", j.scheduleKind());
        n.put("time_zone", j.zone().getId());
        n.put("state", j.state());
        n.put("last_status", j.lastStatus());
        n.put("origin", j.origin());
        n.put("created_by", j.createdBy());
        if (j.toolGroups() == null) {
            n.putNull("tool_groups");
        } else {
            j.toolGroups().forEach(n.putArray("tool_groups")::add);
        }
        n.put("model", j.model());
        n.put("profile", j.profile());
        if (j.repeatLimit() == null) {
            n.putNull("repeat");
        } else {
            n.put("repeat", j.repeatLimit());
        }
        n.put("run_count", j.runCount());
        ArrayNode next = n.putArray("next_runs");
        service.nextRuns(j, 5).forEach(t -> next.add(t.toString()));
        n.put("created_at", str(j.createdAt()));
        n.put("updated_at", str(j.updatedAt()));
        return n;
    }

    private ObjectNode runView(CronRun r) {
        ObjectNode n = Json.object();
        n.put("run_id", r.id());
        n.put("job_id", r.jobId());
        n.put("scheduled_for", str(r.scheduledFor()));
        n.put("trigger", r.trigger());
        n.put("status", r.status());
        n.put("silent", r.silent());
        n.put("session_id", r.sessionId());
        n.put("started_at", str(r.startedAt()));
        n.put("finished_at", str(r.finishedAt()));
        n.put("output", r.output());
        n.put("error", r.error());
        n.put("deliver", r.deliver());
        ArrayNode targets = n.putArray("deliveries");
        for (RunDeliveries.Target t : RunDeliveries.of(r, outbox::find)) {
            ObjectNode d = targets.addObject();
            d.put("target", t.target());
            d.put("status", t.status());
            d.put("attempts", t.attempts());
            d.put("last_error", t.lastError());
            d.put("delivered_at", str(t.deliveredAt()));
            t.outboxIds().forEach(d.putArray("outbox_ids")::add);
            if (!t.files().isEmpty()) {
                t.files().forEach(d.putArray("files")::add);
            }
        }
        return n;
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }

    /** Runs {@code work} and answers in this namespace's envelope, whatever happens. */
    private static void respond(Exchange exchange, int status, Supplier<JsonNode> work) {
        try {
            ObjectNode body = Json.object();
            body.put("ok", true);
            body.set("data", work.get());
            Requests.json(exchange, status, body);
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
