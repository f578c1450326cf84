package dev.hinksbot.gateway.cron;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import java.util.function.Function;

/**
 * The {@code cronjob} tool (group {@code cron}): lets the agent schedule what a user asks for ("every weekday at 9,
 * summarise …"), and list, pause, resume or remove jobs. A job made from a chat remembers that chat, so
 * {@code deliver: origin} (the default there) answers where it was asked. Never offered inside cron runs.
 */
public final class CronJobTool {
    public static final String NAME = "cronjob";
    public static final String GROUP = "cron";

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
                .description("Manage scheduled jobs that run a prompt on a schedule and deliver the answer. action=create"
                        + " needs prompt and schedule: a cron expression ('0 9 * * 1-5' = weekdays at 9:00), 'every 30m',"
                        + " a delay like '2h' (runs once), or an ISO time ('2026-05-01T09:00'). deliver: origin (this chat,"
                        + " the default in a chat), local, telegram, telegram:<chat>, slack:<channel>, mail:<address>,"
                        + " all, or a comma-separated list. action=list shows jobs; pause, resume, run, remove need job_id.")
                .group(GROUP)
                .enumParam("action", "What to do", true, "create", "list", "pause", "resume", "run", "remove")
                .param("prompt", "string", "create: what to ask the agent at each run", false)
                .param("schedule", "string", "create: when to run", false)
                .param("name", "string", "create: a short name for the job", false)
                .param("time_zone", "string", "create: IANA time zone such as Europe/Berlin (default: the gateway's)", false)
                .param("deliver", "string", "create: where to deliver the answer", false)
                .param("job_id", "string", "pause/resume/run/remove: the job's id (from list)", false)
                .handler(this::handle)
                .build();
    }

    private ToolResult handle(JsonNode args, ToolContext ctx) {
        if (ctx.sessionId() != null && ctx.sessionId().startsWith("cron:")) {
            return ToolResult.failure("scheduled jobs cannot create or change scheduled jobs");
        }
        String action = args.path("action").asText();
        try {
            return switch (action) {
                case "create" -> {
                    CronJob job = service.create(new JobSpec(text(args, "name"), text(args, "prompt"), text(args, "schedule"),
                            text(args, "time_zone"), text(args, "deliver"), null, null, null, null,
                            ctx.sessionId() == null ? null : originOfSession.apply(ctx.sessionId())));
                    yield ToolResult.ok("Scheduled job " + job.id() + " \"" + job.name() + "\" (" + job.schedule() + ", "
                            + job.zone() + "), delivering to " + job.deliver() + "; next run " + job.nextRunAt() + ".");
                }
                case "list" -> ToolResult.ok(CronText.list(service.list()));
                case "pause" -> ToolResult.ok("Paused " + service.pause(id(args)).id() + ".");
                case "resume" -> ToolResult.ok("Resumed " + service.resume(id(args)).id() + ".");
                case "run" -> ToolResult.ok("Started run " + runner.runNow(service.get(id(args))).id() + ".");
                case "remove" -> service.remove(id(args)) ? ToolResult.ok("Removed " + id(args) + ".")
                        : ToolResult.failure("no cron job with id '" + id(args) + "'");
                default -> ToolResult.failure("unknown action '" + action + "'");
            };
        } catch (IllegalArgumentException | CronService.JobNotFoundException e) {
            return ToolResult.failure(e.getMessage());
        }
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
