package dev.hinksbot.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.channels.telegram.TelegramBotApi;
import dev.hinksbot.gateway.channels.telegram.TelegramOutbound;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.fakes.FakeTelegram;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.OutboxRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed Telegram answer stays exactly-once across a crash: the outbox row that edits the draft into the final
 * text may be sent again (editing to the same text changes nothing), while a row that sends a new message is not.
 */
class DraftReplayTest {
    static final String TOKEN = "1:DRAFT-token";

    @TempDir
    Path dir;

    @Test
    void aFinalEditCutOffByACrashIsRepeatedHarmlesslyAndANewMessageIsNot() throws Exception {
        try (FakeTelegram telegram = FakeTelegram.start(TOKEN); Database db = Database.open(dir.resolve("o.db"))) {
            TelegramOutbound out = new TelegramOutbound(new TelegramBotApi(telegram.baseUrl(), TOKEN));
            String draft = out.send("42", null, "The answer so far …");
            OutboxRepository outbox = new OutboxRepository(db);
            String meta = Json.write(Json.object().put(TelegramOutbound.META_EDIT, draft));
            List<OutboxRepository.Row> rows = outbox.enqueue(List.of(
                    OutboxRepository.Row.of("telegram", "42", null, "The **final** answer, part one.", meta, 1, 2),
                    OutboxRepository.Row.of("telegram", "42", null, "Part two.", meta, 2, 2)));
            outbox.markSending(rows.get(0).id());
            out.edit("42", draft, null, "The **final** answer, part one."); // Telegram took the edit, then kill -9
            outbox.markSending(rows.get(1).id());
            out.send("42", null, "Part two."); // and this one too

            PlatformSender sender = new PlatformSender() {
                @Override
                public String send(OutboxRepository.Row row) throws DeliveryException {
                    try {
                        return TelegramOutbound.repeatable(row)
                                ? out.edit(row.chatId(), Json.parse(row.meta()).path(TelegramOutbound.META_EDIT).asText(), row.threadId(), row.text())
                                : out.send(row.chatId(), row.threadId(), row.text());
                    } catch (Exception e) {
                        throw TelegramOutbound.classify(e);
                    }
                }

                @Override
                public boolean detectsDuplicates(OutboxRepository.Row row) {
                    return TelegramOutbound.repeatable(row);
                }
            };
            OutboxDispatcher dispatcher = new OutboxDispatcher(outbox, Map.of("telegram", sender), 3, Duration.ZERO,
                    Duration.ofMinutes(1), Clock.systemUTC());
            dispatcher.recover();
            dispatcher.pass();
            assertThat(outbox.find(rows.get(0).id()).orElseThrow().status()).isEqualTo("delivered");
            assertThat(outbox.find(rows.get(0).id()).orElseThrow().ackId()).isEqualTo(draft);
            assertThat(outbox.find(rows.get(1).id()).orElseThrow().status()).isEqualTo("unknown");
            List<FakeTelegram.Sent> sent = telegram.sentTo("42");
            assertThat(sent).extracting(FakeTelegram.Sent::method).containsExactly("sendMessage", "editMessageText", "sendMessage");
            assertThat(sent.get(1).text()).isEqualTo("The <b>final</b> answer, part one.");
        }
    }
}
