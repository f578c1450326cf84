package dev.hinksbot.gateway.web.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.chat.ActiveRun;
import dev.hinksbot.gateway.chat.ChatService;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.Page;
import dev.hinksbot.gateway.store.SearchRepository;
import dev.hinksbot.gateway.store.Session;
import dev.hinksbot.gateway.store.SessionPatch;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import dev.hinksbot.gateway.store.ToolExecution;
import dev.hinksbot.gateway.store.ToolExecutionRepository;
import dev.hinksbot.gateway.web.ApiException;
import dev.hinksbot.gateway.web.api.view.Deleted;
import dev.hinksbot.gateway.web.api.view.MessageList;
import dev.hinksbot.gateway.web.api.view.SearchResults;
import dev.hinksbot.gateway.web.api.view.SessionExport;
import dev.hinksbot.gateway.web.api.view.SessionList;
import dev.hinksbot.gateway.web.api.view.SessionView;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** `/api/v1/sessions…`: list, create, get, patch, delete, messages, export, search. */
public final class SessionsApi {
    private static final int MAX_TITLE = 200;
    private static final int MAX_PROMPT = 100_000;

    private final SessionRepository sessions;
    private final MessageRepository messages;
    private final SearchRepository search;
    private final ToolExecutionRepository executions;
    private final ChatService chat;

    public SessionsApi(SessionRepository sessions, MessageRepository messages, SearchRepository search,
                       ToolExecutionRepository executions, ChatService chat) {
        this.sessions = sessions;
        this.messages = messages;
        this.executions = executions;
        this.search = search;
        this.chat = chat;
    }

    public void list(Exchange exchange) {
        Page<Session> page = sessions.list(Requests.intParam(exchange, "page", 1, 1, 1_000_000),
                Requests.intParam(exchange, "limit", 50, 1, 200));
        Requests.json(exchange, new SessionList(page.page(), page.limit(), page.total(), page.items().stream().map(this::view).toList()));
    }

    public void create(Exchange exchange) {
        JsonNode body = Requests.jsonObject(exchange);
        Session created = sessions.create(null, Requests.optionalString(body, "title", MAX_TITLE),
                Requests.optionalString(body, "model", MAX_TITLE), Requests.optionalStringList(body, "tool_options"));
        String prompt = Requests.optionalString(body, "system_prompt", MAX_PROMPT);
        Integer maxTurns = Requests.optionalInt(body, "max_turns", 1, 1000);
        if (prompt != null || maxTurns != null) {
            created = sessions.update(created.id(), new SessionPatch(null, null, prompt, null, maxTurns)).orElseThrow();
        }
        Requests.json(exchange, 201, view(created));
    }

    public void get(Exchange exchange) {
        Requests.json(exchange, view(existing(exchange)));
    }

    public void patch(Exchange exchange) {
        String id = existing(exchange).id();
        JsonNode body = Requests.jsonObject(exchange);
        String title = Requests.optionalString(body, "title", MAX_TITLE);
        if (title != null && title.isBlank()) {
            throw ApiException.badRequest("invalid_field", "'title' must not be blank");
        }
        SessionPatch patch = new SessionPatch(title, Requests.optionalString(body, "model", MAX_TITLE),
                Requests.optionalString(body, "system_prompt", MAX_PROMPT), Requests.optionalStringList(body, "tool_options"),
                Requests.optionalInt(body, "max_turns", 1, 1000));
        Session updated = sessions.update(id, patch).orElseThrow(() -> ApiException.notFound("session", id));
        Requests.json(exchange, view(updated));
    }

    public void delete(Exchange exchange) {
        Session session = existing(exchange);
        chat.active(session.id()).ifPresent(run -> {
            run.cancel().cancel();
            run.done().join(); // let the run record its partial answer before the rows go
        });
        sessions.delete(session.id());
        Requests.json(exchange, new Deleted(session.id(), true));
    }

    public void messages(Exchange exchange) {
        Session session = existing(exchange);
        Page<StoredMessage> page = messages.page(session.id(), Requests.intParam(exchange, "page", 1, 1, 1_000_000),
                Requests.intParam(exchange, "limit", 50, 1, 500));
        Map<String, ToolExecution> runs = toolRuns(session.id(), page.items());
        Requests.json(exchange, new MessageList(page.page(), page.limit(), page.total(), session.id(),
                page.items().stream().map(m -> Views.message(m, runs.get(m.id()))).toList()));
    }

    public void export(Exchange exchange) {
        Session session = existing(exchange);
        String format = Requests.stringParam(exchange, "format");
        List<StoredMessage> all = messages.all(session.id());
        if (format == null || format.isEmpty() || format.equals("json")) {
            Map<String, ToolExecution> runs = toolRuns(session.id(), all);
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + session.id() + ".json\"");
            Requests.json(exchange, new SessionExport(view(session), all.stream().map(m -> Views.message(m, runs.get(m.id()))).toList()));
        } else if (format.equals("md")) {
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/markdown; charset=utf-8");
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"" + session.id() + ".md\"");
            exchange.getMessage().setBody(MarkdownExport.render(session, all).getBytes(StandardCharsets.UTF_8));
        } else {
            throw ApiException.badRequest("invalid_parameter", "'format' must be json or md");
        }
    }

    public void search(Exchange exchange) {
        String q = Requests.stringParam(exchange, "q");
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("invalid_parameter", "'q' is required");
        }
        if (q.length() > 500) {
            throw ApiException.badRequest("invalid_parameter", "'q' is longer than 500 characters");
        }
        Requests.json(exchange, new SearchResults(q,
                search.search(q, Requests.intParam(exchange, "limit", 20, 1, 100)).stream().map(Views::searchHit).toList()));
    }

    /** The execution records of the tool messages among {@code shown}, by message id. */
    private Map<String, ToolExecution> toolRuns(String sessionId, List<StoredMessage> shown) {
        if (shown.stream().noneMatch(m -> StoredMessage.TOOL.equals(m.role()))) {
            return Map.of();
        }
        Map<String, ToolExecution> byMessage = new HashMap<>();
        executions.forSession(sessionId).forEach(e -> {
            if (e.messageId() != null) {
                byMessage.put(e.messageId(), e);
            }
        });
        return byMessage;
    }

    private Session existing(Exchange exchange) {
        String id = Requests.pathParam(exchange, "id");
        return sessions.find(id).orElseThrow(() -> ApiException.notFound("session", id));
    }

    private SessionView view(Session s) {
        return Views.session(s, chat.active(s.id()).map(ActiveRun::runId).orElse(null));
    }
}
