package dev.hinksbot.gateway.web.openai;

import dev.hinksbot.gateway.agent.AgentEventListener;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.chat.SessionBusyException;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.RequestTracker;
import io.vertx.core.http.HttpServerRequest;

/**
 * Starts agent runs for `/v1` requests: takes a run slot (429 when none is free), runs statelessly or in a stored
 * session, cancels the run when the client goes away, and gives the slot back when the run has ended.
 */
final class AgentRunner {
    private final ChatService chat;
    private final RunSlots slots;
    private final RequestTracker tracker;

    AgentRunner(ChatService chat, RunSlots slots, RequestTracker tracker) {
        this.chat = chat;
        this.slots = slots;
        this.tracker = tracker;
    }

    ChatService chat() {
        return chat;
    }

    /** {@code sessionId} null: a stateless run over {@code request.messages()}; else they are appended to the session. */
    ActiveRun start(AgentRequest request, String sessionId, HttpServerRequest http, AgentEventListener listener) {
        RunSlots.Slot slot = slots.acquire();
        ActiveRun run;
        try {
            run = sessionId == null
                    ? chat.runStateless(request.messages(), request.runOptions(), AgentEventListener.named("openai", listener))
                    : chat.continueSession(sessionId, request.messages(), request.runOptions(), AgentEventListener.named("openai", listener));
        } catch (SessionBusyException e) {
            slot.close();
            throw new ApiException(409, "session_busy", "session '" + sessionId + "' is already answering (run "
                    + e.runId() + "); wait for it to finish");
        } catch (IllegalArgumentException e) {
            slot.close();
            throw new ApiException(400, "invalid_session", e.getMessage());
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
        run.done().whenComplete((v, e) -> slot.close());
        tracker.onDisconnect(http, () -> run.cancel().cancel());
        return run;
    }

    /** Blocks the calling (Vert.x worker) thread until the run has ended. */
    static void await(ActiveRun run) {
        run.done().join();
    }
}
