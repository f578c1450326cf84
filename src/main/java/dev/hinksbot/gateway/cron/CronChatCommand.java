package dev.hinksbot.gateway.cron;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code /cron} chat command: {@code /cron} or {@code /cron list}; {@code /cron add <schedule> | <prompt>} (or
 * {@code /cron add "<schedule>" <prompt>}); {@code /cron pause|resume|run|rm|runs <id>}. Jobs added from a chat
 * deliver back to it (admins may name other targets). A user lists and changes only their jobs — the ones they made
 * with /cron, and the ones the model made with the cron tool in this chat's sessions (a DM's are its user's, a group's
 * are the group's); admins see and change every job.
 */
public final class CronChatCommand {
    public static final String USAGE = "Usage: /cron [list] | /cron add <schedule> | <prompt> | /cron pause|resume|run|rm|runs <id>\n"
            + "Admins may end an add with '| <target>' (e.g. telegram:222, mail:a@example.com, all) to deliver elsewhere.\n"
            + "Schedules: '0 9 * * 1-5' (cron), 'every 30m', '2h' (once, after 2 hours), '2026-05-01T09:00' (once).";
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"\\s+([\\s\\S]+)");
    private static final String TARGET = "(?:local|origin|all|telegram|slack|mail)(?::[^\\s,|]+)*";
    /** A last {@code | <target>[, <target>…]} after the prompt: where an admin's job delivers instead of this chat. */
    private static final Pattern TARGETS = Pattern.compile(TARGET + "(?:\\s*,\\s*" + TARGET + ")*");

    private final CronService service;
    private final CronRunner runner;
    private final Function<String, Optional<String>> sessionOwner;

    /** {@code sessionOwner}: the owner of a session (see {@code sessions.owner}), for jobs the cron tool made in it. */
    public CronChatCommand(CronService service, CronRunner runner, Function<String, Optional<String>> sessionOwner) {
        this.service = service;
        this.runner = runner;
        this.sessionOwner = sessionOwner;
    }

    /** Who sends a command: {@code user} ({@code user:telegram:456}), the owner of the chat's sessions, and whether admin. */
    private record Sender(String user, String chatOwner, boolean admin) {
        boolean owns(CronJob job, Function<String, Optional<String>> sessionOwner) {
            String by = job.createdBy() == null ? "" : job.createdBy();
            if (admin || by.equals(user)) {
                return true;
            }
            return chatOwner != null && by.startsWith(CronJobTool.CREATED_BY_PREFIX)
                    && sessionOwner.apply(by.substring(CronJobTool.CREATED_BY_PREFIX.length())).filter(chatOwner::equals).isPresent();
        }
    }

    /**
     * {@code origin}: the chat the command came from ({@code platform:chat[:thread]}), null on the WebSocket;
     * {@code createdBy}: who sent it ({@code user:telegram:456}), recorded on jobs it adds; {@code chatOwner}: the owner
     * of the chat's sessions ({@code user:…} in a DM, {@code group:…} in a group), null on the WebSocket.
     */
    public String handle(String args, String origin, String createdBy, String chatOwner, boolean admin) {
        Sender sender = new Sender(createdBy, chatOwner, admin);
        String a = args == null ? "" : args.strip();
        String verb = a.isEmpty() ? "list" : a.split("\\s+", 2)[0].toLowerCase(java.util.Locale.ROOT);
        String rest = a.length() > verb.length() ? a.substring(verb.length()).strip() : "";
        try {
            return switch (verb) {
                case "list" -> CronText.list(service.list().stream().filter(j -> sender.owns(j, sessionOwner)).toList());
                case "add" -> add(rest, origin, createdBy, admin);
                case "pause" -> "⏸ Paused " + service.pause(own(rest, sender)).name() + ".";
                case "resume" -> {
                    CronJob j = service.resume(own(rest, sender));
                    yield "▶️ Resumed " + j.name() + (j.nextRunAt() == null ? "." : "; next run " + j.nextRunAt() + ".");
                }
                case "run" -> "🚀 Started run " + runner.runNow(service.get(own(rest, sender))).id() + ".";
                case "rm", "remove", "delete" -> service.remove(own(rest, sender)) ? "🗑 Removed " + rest + "." : "No cron job " + rest + ".";
                case "runs" -> {
                    StringBuilder b = new StringBuilder();
                    service.repository().runs(service.get(own(rest, sender)).id(), 10).forEach(r -> b.append(CronText.run(r)).append('\n'));
                    yield b.length() == 0 ? "No runs yet." : b.toString().strip();
                }
                default -> USAGE;
            };
        } catch (IllegalArgumentException | CronService.JobNotFoundException e) {
            return "⚠️ " + e.getMessage();
        }
    }

    private String add(String rest, String origin, String createdBy, boolean admin) {
        String schedule;
        String prompt;
        Matcher quoted = QUOTED.matcher(rest);
        int bar = rest.indexOf('|');
        if (quoted.matches()) {
            schedule = quoted.group(1);
            prompt = quoted.group(2);
        } else if (bar > 0) {
            schedule = rest.substring(0, bar).strip();
            prompt = rest.substring(bar + 1).strip();
        } else {
            return USAGE;
        }
        String deliver = null;
        int last = prompt.lastIndexOf('|');
        if (last > 0 && TARGETS.matcher(prompt.substring(last + 1).strip()).matches()) {
            deliver = prompt.substring(last + 1).strip();
            if (!admin) {
                return "⛔ Only admins schedule jobs that deliver elsewhere; leave out '| " + deliver + "' to deliver to this chat.";
            }
            prompt = prompt.substring(0, last).strip();
        }
        CronJob job = service.create(new JobSpec(null, prompt, schedule, null, deliver, null, null, null, null, origin), createdBy);
        return "⏰ Scheduled " + job.id() + " (" + job.schedule() + ", " + job.zone() + "), delivering to " + job.deliver()
                + ". Next run: " + job.nextRunAt() + ".";
    }

    /** The id of a job the sender may change: any job for an admin, one of theirs for a user ("not found" otherwise). */
    private String own(String id, Sender sender) {
        String jobId = need(id);
        if (service.find(jobId).filter(j -> sender.owns(j, sessionOwner)).isEmpty()) {
            throw new IllegalArgumentException("you have no cron job " + jobId + " (see /cron list)");
        }
        return jobId;
    }

    private static String need(String id) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("give the job id (see /cron list)");
        }
        return id;
    }
}
