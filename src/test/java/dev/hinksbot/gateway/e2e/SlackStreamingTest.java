package dev.hinksbot.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeSlack;
import dev.hinksbot.gateway.fakes.FakeSlackSocket;
import dev.hinksbot.gateway.fakes.Reply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A long Slack answer is shown while it is written: one draft posted in the thread the answer goes to, updated by
 * chat.update at the configured pace, and finally updated to the whole answer by the outbox — never a second message.
 */
class SlackStreamingTest {
    static final String TOKEN = "xoxb-stream-test-bot-token";
    static final String APP_TOKEN = "xapp-1-A0FAKEAPP-stream-test-app-token";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String GENERAL = "C0GENERAL";
    static final FakeSlack slack = FakeSlack.startSocketMode(TOKEN, APP_TOKEN, Map.of("general", GENERAL));
    static final FakeSlackSocket socket = slack.socket();

    @RegisterExtension
    static final LiveGateway live = new LiveGateway(
            "gateway.slack.token", TOKEN,
            "gateway.slack.app-token", APP_TOKEN,
            "gateway.slack.api-url", slack.baseUrl(),
            "gateway.slack.allowed-users", "U0ALICE",
            "gateway.slack.tool-progress", "off",
            "gateway.slack.stream-interval", "300ms");

    @AfterAll
    static void close() {
        slack.close();
    }

    @Test
    void aLongAnswerIsOneDraftUpdatedInPlaceAndFinallyTheWholeAnswer() throws Exception {
        socket.awaitConnections(1, WAIT);
        String answer = "Once upon a time **a small robot** learned to write stories, one word after another, "
                + "until the whole village came to read them every evening by the old lamp.";
        live.llama().enqueue(Reply.slow(answer, Duration.ofMillis(120)));
        String ts = slack.mention(GENERAL, "U0ALICE", "<@" + FakeSlack.BOT_USER + "> tell me a story", null);

        FakeSlack.Post draft = slack.await(p -> p.channel().equals(GENERAL) && p.text().endsWith(" …"), WAIT);
        assertThat(draft.params().get("thread_ts")).as("the draft is in the thread the answer goes to").isEqualTo(ts);
        JsonNode row = awaitDelivered("Once upon a time");
        assertThat(row.path("ack_id").asText()).as("the final answer replaced the draft").isEqualTo(draft.ts());

        String finalText = "Once upon a time *a small robot* learned to write stories, one word after another, "
                + "until the whole village came to read them every evening by the old lamp.";
        assertThat(slack.shows(GENERAL, draft.ts())).isEqualTo(finalText);
        List<FakeSlack.Post> updates = slack.updates().stream().filter(u -> u.ts().equals(draft.ts())).toList();
        assertThat(updates).as("updates while written, then the final one").hasSizeGreaterThanOrEqualTo(2);
        assertThat(updates.get(updates.size() - 1).text()).isEqualTo(finalText);
        assertThat(updates.subList(0, updates.size() - 1)).allSatisfy(u -> assertThat(u.text()).endsWith(" …"));
        assertThat(slack.postsTo(GENERAL)).as("one message for the answer: the draft").filteredOn(p -> p.text().startsWith("Once"))
                .hasSize(1);
    }

    @Test
    void aShortAnswerIsPostedOnceWithoutADraft() throws Exception {
        socket.awaitConnections(1, WAIT);
        live.llama().enqueue(Reply.text("Yes."));
        slack.mention(GENERAL, "U0ALICE", "<@" + FakeSlack.BOT_USER + "> ok?", null);
        slack.await(p -> p.text().equals("Yes."), WAIT);
        assertThat(slack.postsTo(GENERAL)).filteredOn(p -> p.text().startsWith("Yes")).hasSize(1);
    }

    static JsonNode awaitDelivered(String textStart) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode r : Json.parse(live.gateway().get("/api/v1/outbox?limit=500").body()).path("items")) {
                if (r.path("text").asText().startsWith(textStart) && r.path("status").asText().equals("delivered")) {
                    return r;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no outbox row '" + textStart + "…' delivered");
    }
}
