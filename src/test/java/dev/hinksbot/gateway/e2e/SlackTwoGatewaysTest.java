package dev.hinksbot.gateway.e2e;

import static dev.hinksbot.gateway.e2e.WsChecks.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeSlack;
import dev.hinksbot.gateway.fakes.FakeSlackSocket;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ScriptedLlamaServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways on the same Slack app and database: only the lease holder opens a Socket Mode connection (Slack would
 * otherwise share the events between both), the other says so once in its log and in its health, and connects as soon
 * as the first one stops. The same for polling (no app-level token): one gateway polls the bot's channels.
 */
class SlackTwoGatewaysTest {
    static final String TOKEN = "xoxb-two-gateways-bot-token";
    static final String APP_TOKEN = "xapp-1-A0FAKEAPP-2222-two-gateways-app-token";
    static final String APP = "slack:A0FAKEAPP";
    static final String DM = "D0ALICE";

    @Test
    void onlyTheLeaseHolderConnectsAndTheOtherTakesOverWhenItStops() throws Exception {
        try (LogCapture logs = new LogCapture();
             FakeSlack slack = FakeSlack.startSocketMode(TOKEN, APP_TOKEN, Map.of());
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            FakeSlackSocket socket = slack.socket();
            llama.setResponder(request -> {
                JsonNode messages = request.path("messages");
                return Reply.text("answer to " + messages.get(messages.size() - 1).path("content").asText());
            });
            GatewayHarness first = GatewayHarness.start(llama.baseUrl(), config(slack.baseUrl(), null));
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(),
                    config(slack.baseUrl(), first.dir().resolve("gateway.db").toString()))) {
                awaitTrue(() -> pollers(second).path(APP).asText().equals("standby"), Duration.ofSeconds(15), "the second gateway stands by");
                socket.awaitConnections(1, Duration.ofSeconds(15));
                awaitTrue(() -> pollers(first).path(APP).asText().equals("connected"), Duration.ofSeconds(15),
                        "the first gateway says its Socket Mode connection is open");

                slack.dm(DM, "U0ALICE", "one");
                slack.dm(DM, "U0ALICE", "two");
                awaitTrue(() -> answers(slack).size() >= 2, Duration.ofSeconds(20), "two answers");
                Thread.sleep(2000); // several lease checks of the second gateway: it must still not connect
                assertThat(socket.connectionsOpened()).as("Socket Mode connections while both run").isEqualTo(1);
                assertThat(answers(slack)).containsExactly("answer to one", "answer to two");
                assertThat(logs.lines()).filteredOn(l -> l.contains("not polling " + APP)).hasSize(1);
                assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN) || l.contains(APP_TOKEN));

                first.close(); // a clean stop gives the lease up
                long stopped = System.nanoTime();
                slack.dm(DM, "U0ALICE", "after the stop");
                awaitTrue(() -> answers(slack).contains("answer to after the stop"), Duration.ofSeconds(20), "the second gateway answers");
                assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("taken over at its next lease check")
                        .isLessThan(Duration.ofSeconds(10));
                assertThat(pollers(second).path(APP).asText()).isEqualTo("connected");
                assertThat(socket.connectionsOpened()).isEqualTo(2);
                assertThat(socket.openConnections()).isEqualTo(1);
                assertThat(answers(slack)).hasSize(3);
            } finally {
                first.close();
            }
        }
    }

    private static String[] config(String apiUrl, String database) {
        List<String> kv = new java.util.ArrayList<>(List.of("gateway.slack.token", TOKEN, "gateway.slack.app-token", APP_TOKEN,
                "gateway.slack.api-url", apiUrl, "gateway.slack.allowed-users", "U0ALICE", "gateway.slack.tool-progress", "off",
                "gateway.slack.busy-mode", "queue", "gateway.chat.poller-lease", "2s", "gateway.delivery.retry-delay", "200ms"));
        if (database != null) {
            kv.addAll(List.of("gateway.database.path", database));
        }
        return kv.toArray(String[]::new);
    }

    @Test
    void withoutSocketModeOnlyTheLeaseHolderPollsAndTheOtherTakesOverWhenItStops() throws Exception {
        String general = "C0GENERAL";
        String bot = "slack:" + FakeSlack.BOT_USER;
        try (LogCapture logs = new LogCapture();
             FakeSlack slack = FakeSlack.start(TOKEN, Map.of("general", general));
             ScriptedLlamaServer llama = ScriptedLlamaServer.start()) {
            llama.setResponder(request -> {
                JsonNode messages = request.path("messages");
                return Reply.text("answer to " + messages.get(messages.size() - 1).path("content").asText());
            });
            String[] polling = {"gateway.slack.token", TOKEN, "gateway.slack.api-url", slack.baseUrl(),
                    "gateway.slack.channels", "general", "gateway.slack.poll-delay", "100ms", "gateway.slack.stream", "false",
                    "gateway.slack.allowed-users", "U0ALICE", "gateway.slack.tool-progress", "off", "gateway.chat.poller-lease", "2s"};
            GatewayHarness first = GatewayHarness.start(llama.baseUrl(), polling);
            String[] sameDatabase = java.util.Arrays.copyOf(polling, polling.length + 2);
            sameDatabase[polling.length] = "gateway.database.path";
            sameDatabase[polling.length + 1] = first.dir().resolve("gateway.db").toString();
            try (GatewayHarness second = GatewayHarness.start(llama.baseUrl(), sameDatabase)) {
                awaitTrue(() -> pollers(second).path(bot).asText().equals("standby"), Duration.ofSeconds(15), "the second gateway stands by");
                assertThat(pollers(first).path(bot).asText()).isEqualTo("polling");
                assertThat(logs.lines()).filteredOn(l -> l.contains("not polling " + bot)).hasSize(1);

                slack.userSays(general, "U0ALICE", "<@" + FakeSlack.BOT_USER + "> one");
                awaitTrue(() -> channelAnswers(slack, general).size() == 1, Duration.ofSeconds(20), "one answer");

                first.close(); // a clean stop gives the lease up
                slack.userSays(general, "U0ALICE", "<@" + FakeSlack.BOT_USER + "> two");
                awaitTrue(() -> channelAnswers(slack, general).size() == 2, Duration.ofSeconds(20), "the second gateway answers");
                assertThat(pollers(second).path(bot).asText()).isEqualTo("polling");
                assertThat(channelAnswers(slack, general)).containsExactly("answer to one", "answer to two");
                assertThat(logs.lines()).noneMatch(l -> l.contains(TOKEN));
            } finally {
                first.close();
            }
        }
    }

    private static List<String> channelAnswers(FakeSlack slack, String channel) {
        return slack.postsTo(channel).stream().map(FakeSlack.Post::text).filter(t -> t.startsWith("answer to ")).toList();
    }

    private static JsonNode pollers(GatewayHarness gateway) {
        try {
            return Json.parse(gateway.get("/api/v1/health").body()).path("pollers");
        } catch (Exception e) {
            return Json.object();
        }
    }

    private static List<String> answers(FakeSlack slack) {
        return slack.postsTo(DM).stream().map(FakeSlack.Post::text).filter(t -> t.startsWith("answer to ")).toList();
    }
}
