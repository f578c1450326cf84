package dev.hinksbot.gateway.cron;

import dev.hinksbot.gateway.agent.AgentEvent;
import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.agent.AgentProfile;
import dev.hinksbot.gateway.agent.AgentProfiles;
import dev.hinksbot.gateway.agent.ChatMessage;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.tools.ToolRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A job's run through the shared chat path, in its own stored session (so the run is inspectable like any other
 * conversation, and nothing is written into the chat it is delivered to). The job's profile, model and tool groups
 * apply; the {@code cronjob} tool is never offered, so a job cannot schedule more jobs.
 */
public final class ChatCronAgent implements CronAgent {
    private final ChatService chat;
    private final SessionRepository sessions;
    private final ToolRegistry tools;
    private final AgentProfiles profiles;
    private final Supplier<ChatService.Defaults> defaults;

    public ChatCronAgent(ChatService chat, SessionRepository sessions, ToolRegistry tools, AgentProfiles profiles,
                         Supplier<ChatService.Defaults> defaults) {
        this.chat = chat;
        this.sessions = sessions;
        this.tools = tools;
        this.profiles = profiles;
        this.defaults = defaults;
    }

    @Override
    public Outcome run(CronJob job, String sessionId, Duration timeout) {
        ChatService.Defaults d = defaults.get();
        Optional<AgentProfile> profile = job.profile() == null ? Optional.empty() : profiles.find(job.profile());
        if (job.profile() != null && profile.isEmpty()) {
            return Outcome.failed("profile '" + job.profile() + "' no longer exists");
        }
        String model = job.model() != null ? job.model() : profile.map(AgentProfile::model).orElse(null);
        String basePrompt = profile.map(AgentProfile::systemPrompt).orElse(d.systemPrompt());
        List<String> groups = job.toolGroups() != null ? job.toolGroups()
                : profile.map(AgentProfile::toolGroups).orElse(d.toolGroups());
        // Tool names, not groups: "all" or a group holding cronjob must still leave cronjob out.
        List<String> toolNames = tools.select(groups).stream().map(t -> t.spec().name())
                .filter(n -> !CronJobTool.NAME.equals(n)).toList();
        String systemPrompt = (basePrompt == null ? "" : basePrompt + "\n\n") + "This is the scheduled job \"" + job.name()
                + "\". Nobody is chatting with you: your final answer is delivered as it is. If there is nothing worth"
                + " reporting, answer exactly " + CronRunner.SILENT + " and nothing will be sent.";
        Integer maxTurns = profile.map(AgentProfile::maxTurns).orElse(null);

        chat.openSession(sessionId);
        ownerOf(job).ifPresent(owner -> sessions.claim(sessionId, owner));
        sessions.update(sessionId, SessionPatch.title("Cron: " + job.name()));
        AtomicReference<String> answer = new AtomicReference<>();
        AtomicReference<AgentEvent> end = new AtomicReference<>();
        ActiveRun run;
        try {
            run = chat.continueSession(sessionId, List.of(ChatMessage.user(job.prompt())),
                    new ChatService.RunOptions(model, systemPrompt, toolNames, maxTurns,
                            null, null, null),
                    AgentEventListener.named("cron", event -> {
                        if (event instanceof AgentEvent.AssistantCompleted a && a.content() != null && !a.content().isBlank()) {
                            answer.set(a.content());
                        } else if (event instanceof AgentEvent.RunCompleted || event instanceof AgentEvent.RunFailed
                                || event instanceof AgentEvent.RunCancelled) {
                            end.set(event);
                        }
                    }));
        } catch (Exception e) {
            return Outcome.failed("could not start the run: " + e.getMessage());
        }
        try {
            run.done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            chat.cancel(sessionId);
            awaitQuietly(run);
            return Outcome.failed("timed out after " + timeout.toSeconds() + "s");
        } catch (InterruptedException e) {
            chat.cancel(sessionId);
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted: the gateway is stopping");
        } catch (Exception e) {
            return Outcome.failed(e.toString());
        }
        AgentEvent last = end.get();
        if (last instanceof AgentEvent.RunFailed f) {
            return Outcome.failed(f.message() + " (" + f.code() + ")");
        }
        if (last instanceof AgentEvent.RunCancelled || last == null) {
            return Outcome.failed("the run was cancelled");
        }
        String text = answer.get();
        return text == null ? Outcome.failed("the model gave no answer") : Outcome.answered(text);
    }

    private static void awaitQuietly(ActiveRun run) {
        try {
            run.done().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the run ignores cancel for now; the cron run is recorded as timed out regardless
        }
    }

    /**
     * A run of a user's job is that user's session (so its tools, such as history search, see only their sessions): the
     * job's creator when a user made it with /cron, the owner of the session whose model made it with the cron tool.
     * Jobs of the admins (API, CLI, web UI) run in sessions without an owner.
     */
    private java.util.Optional<String> ownerOf(CronJob job) {
        String by = job.createdBy() == null ? "" : job.createdBy();
        if (by.startsWith("user:")) {
            return java.util.Optional.of(by);
        }
        return by.startsWith(CronJobTool.CREATED_BY_PREFIX)
                ? sessions.ownerOf(by.substring(CronJobTool.CREATED_BY_PREFIX.length())) : java.util.Optional.empty();
    }
}
