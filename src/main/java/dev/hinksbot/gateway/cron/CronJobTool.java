package dev.hinksbot.gateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import java.util.function.Function;

/**
 * The {@code cronjob} tool (group {@code cron}): lets the agent schedule what a user asks for ("every weekday at 9,
 * summarise …"), and list, pause, resume, run or remove jobs. Never offered inside cron runs.
 *
 * <p>The model is assumed hostile (a web page or mail it read may speak for it), and a job outlives the
 * conversation, so the tool is confined to the chat the run belongs to: a job it creates delivers only there
 * ({@code deliver: origin}), and it sees and changes only jobs of that chat. A run without a chat (web UI, API)
 * may create jobs that deliver {@code local} only, and sees only jobs created by the tool in that same session.
 * Anything else — another chat, mail, a home channel, {@code all}, a list — is for people: {@code /cron} in their
 * chat, the API, or the command line.
 */
public final class CronJobTool {
    public static final String NAME = "cronjob";
    public static final String GROUP = "cron";
    /** {@code created_by} of a job the model made: this prefix and the id of the session it was made in. */
    public static final String CREATED_BY_PREFIX = "tool:";
    static final String ELSEWHERE = "; to deliver anywhere else, the user can create the job with /cron in that chat,"
            + " or through the API (POST /api/gui/cron/jobs) or the command line (cron add)";

    private final CronService service;
    private final CronRunner runner;
    private final Function<String, String> originOfSession;

    /** {@code originOfSession}: the delivery target of the chat a session belongs to, or null (web, API). */
    public CronJobTool(CronService service, CronRunner runner, Function<String, String> originOfSession) {
        this.service = service;
        this.runner = runner;
        this.originOfSession = originOfSession;
    }

    public Tool tool() {
        return Tools.builder(NAME)
                .description("Manage scheduled jobs that run a prompt on a schedule and deliver the answer to this chat."
                        + " action=create needs prompt and schedule: a cron expression ('0 9 * * 1-5' = weekdays at 9:00),"
                        + " 'every 30m', a delay like '2h' (runs once), or an ISO time ('2026-05-01T09:00'). Jobs you create"
                        + " deliver to this chat only (deliver: origin; 'local' outside a chat). action=list shows this"
                        + " chat's jobs; pause, resume, run, remove need job_id.")
                .group(GROUP)
                .enumParam("action", "What to do", true, "create", "list", "pause", "resume", "run", "remove")
                .param("prompt", "string", "create: what to ask the agent at each run", false)
                .param("schedule", "string", "create: when to run", false)
                .param("name", "string", "create: a short name for the job", false)
                .param("time_zone", "string", "create: IANA time zone such as Europe/Berlin (default: the gateway's)", false)
                .param("deliver", "string", "create: 'origin' (this chat, the default); outside a chat only 'local'", false)
                .param("job_id", "string", "pause/resume/run/remove: the job's id (from list)", false)
                .handler(this::handle)
                .build();
    }

    /** Where this run may act: its chat, or (without one) its own session's tool-made jobs. */
    private record Scope(String origin, String createdBy) {
        boolean covers(CronJob job) {
            return origin != null ? origin.equals(job.origin()) : job.origin() == null && createdBy.equals(job.createdBy());
        }
    }

    private ToolResult handle(JsonNode args, ToolContext ctx) {
        if (ctx.sessionId() != null && ctx.sessionId().startsWith("cron:")) {
            return ToolResult.failure("scheduled jobs cannot create or change scheduled jobs");
        }
        Scope scope = new Scope(ctx.sessionId() == null ? null : originOfSession.apply(ctx.sessionId()),
                ctx.sessionId() == null ? "tool" : CREATED_BY_PREFIX + ctx.sessionId());
        String action = args.path("action").asText();
        try {
            return switch (action) {
                case "create" -> create(args, scope);
                case "list" -> ToolResult.ok(CronText.list(service.list().stream().filter(scope::covers).toList()));
                case "pause" -> ToolResult.ok("Paused " + service.pause(own(args, scope)).id() + ".");
                case "resume" -> ToolResult.ok("Resumed " + service.resume(own(args, scope)).id() + ".");
                case "run" -> ToolResult.ok("Started run " + runner.runNow(service.get(own(args, scope))).id() + ".");
                case "remove" -> service.remove(own(args, scope)) ? ToolResult.ok("Removed " + id(args) + ".")
                        : ToolResult.failure("no cron job with id '" + id(args) + "'");
                default -> ToolResult.failure("unknown action '" + action + "'");
            };
        } catch (IllegalArgumentException | CronService.JobNotFoundException e) {
            return ToolResult.failure(e.getMessage());
        }
    }

    private ToolResult create(JsonNode args, Scope scope) {
        String asked = text(args, "deliver");
        String deliver;
        if (scope.origin() != null) {
            if (asked != null && !asked.strip().equals("origin") && !asked.strip().equals(scope.origin())) {
                return ToolResult.failure("refused: deliver '" + asked + "': a job created by the agent delivers only to"
                        + " the chat it was asked in (deliver: origin)" + ELSEWHERE);
            }
            deliver = "origin";
        } else {
            if (asked != null && !asked.strip().equals("local")) {
                return ToolResult.failure("refused: deliver '" + asked + "': outside a chat, a job created by the agent"
                        + " delivers only to 'local' (the gateway's delivery folder and the run history)" + ELSEWHERE);
            }
            deliver = "local";
        }
        CronJob job = service.create(new JobSpec(text(args, "name"), text(args, "prompt"), text(args, "schedule"),
                text(args, "time_zone"), deliver, null, null, null, null, scope.origin()), scope.createdBy());
        return ToolResult.ok("Scheduled job " + job.id() + " \"" + job.name() + "\" (" + job.schedule() + ", "
                + job.zone() + "), delivering to " + job.deliver() + "; next run " + job.nextRunAt() + ".");
    }

    /** The id of a job this run may act on; others look absent, so the tool reveals nothing about them. */
    private String own(JsonNode args, Scope scope) {
        String id = id(args);
        if (service.find(id).filter(scope::covers).isEmpty()) {
            throw new CronService.JobNotFoundException(id);
        }
        return id;
    }

    private static String id(JsonNode args) {
        String id = text(args, "job_id");
        if (id == null) {
            throw new IllegalArgumentException("job_id is required for this action");
        }
        return id;
    }

    private static String text(JsonNode args, String field) {
        JsonNode v = args.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }
}
