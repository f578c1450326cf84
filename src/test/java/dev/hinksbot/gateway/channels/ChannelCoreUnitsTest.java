package dev.hinksbot.gateway.channels;

import dev.hinksbot.gateway.chat.InboundMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.channels.telegram.TelegramErrors;
import dev.hinksbot.gateway.delivery.DeliveryException;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.PairingRepository;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.camel.RuntimeCamelException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The small named pieces of the chat core path. */
class ChannelCoreUnitsTest {
    @TempDir
    Path dir;

    static InboundMessage msg(String platform, String chatType, String chat, String thread, String user) {
        return new InboundMessage(platform, chatType, chat, thread, user, "name", "hi", "1", true, Instant.now(), Map.of());
    }

    @Test
    void sessionKeysFollowTheHermesShape() {
        assertThat(SessionKeys.of(msg("telegram", "dm", "123", null, "123"), true)).isEqualTo("agent:main:telegram:dm:123");
        assertThat(SessionKeys.of(msg("telegram", "group", "-100", null, "7"), true)).isEqualTo("agent:main:telegram:group:-100:7");
        assertThat(SessionKeys.of(msg("telegram", "group", "-100", "17", "7"), true)).isEqualTo("agent:main:telegram:group:-100:17:7");
        assertThat(SessionKeys.of(msg("slack", "channel", "C1", "1700.1", "U1"), false)).isEqualTo("agent:main:slack:channel:C1:1700.1");
    }

    @Test
    void resetPoliciesDailyIdleBothNone() {
        ZoneId utc = ZoneId.of("UTC");
        Instant now = Instant.parse("2026-03-10T10:00:00Z");
        ResetPolicy daily = new ResetPolicy("daily", 4, 1440, utc);
        assertThat(daily.isDue(Instant.parse("2026-03-10T03:59:00Z"), now)).isTrue();
        assertThat(daily.isDue(Instant.parse("2026-03-10T04:01:00Z"), now)).isFalse();
        assertThat(daily.isDue(Instant.parse("2026-03-10T03:00:00Z"), Instant.parse("2026-03-10T03:30:00Z"))).isFalse();
        ResetPolicy idle = new ResetPolicy("idle", 4, 60, utc);
        assertThat(idle.isDue(now.minus(Duration.ofMinutes(59)), now)).isFalse();
        assertThat(idle.isDue(now.minus(Duration.ofMinutes(60)), now)).isTrue();
        ResetPolicy both = new ResetPolicy("both", 4, 1440, utc);
        assertThat(both.isDue(Instant.parse("2026-03-10T03:00:00Z"), now)).isTrue();
        assertThat(both.isDue(Instant.parse("2026-03-10T09:00:00Z"), now)).isFalse();
        assertThat(new ResetPolicy("none", 4, 1, utc).isDue(Instant.EPOCH, now)).isFalse();
        assertThat(new ResetPolicy("daily", 4, 1440, ZoneId.of("Europe/Berlin"))
                .isDue(Instant.parse("2026-03-10T02:30:00Z"), Instant.parse("2026-03-10T03:30:00Z"))).isTrue();
        assertThatThrownBy(() -> new ResetPolicy("weekly", 4, 1, utc)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pairingCodesFollowTheRulesAndAreStoredHashed() {
        try (Database db = Database.open(dir.resolve("p.db"))) {
            PairingRepository repo = new PairingRepository(db);
            PairingService pairing = new PairingService(repo);
            PairingService.Issued first = pairing.issue("telegram", "1", "ann", "1");
            assertThat(first.code()).matches("[" + PairingService.ALPHABET + "]{8}");
            assertThat(first.message()).contains(first.code());
            assertThat(pairing.issue("telegram", "1", "ann", "1").isNew()).isFalse(); // one per 10 minutes
            assertThat(repo.pending("telegram")).singleElement()
                    .satisfies(p -> assertThat(p.codeHash()).doesNotContain(first.code()).hasSize(64));
            assertThat(pairing.issue("telegram", "2", "b", "2").isNew()).isTrue();
            assertThat(pairing.issue("telegram", "3", "c", "3").isNew()).isTrue();
            assertThat(pairing.issue("telegram", "4", "d", "4").message()).contains("Too many"); // 3 pending per platform
            assertThat(pairing.issue("slack", "4", "d", "4").isNew()).isTrue();

            Authorizer auth = new Authorizer(false, true, repo, Map.of("telegram", List.of("99")), List.of("gw"));
            assertThat(auth.decide(msg("telegram", "dm", "1", null, "1"))).isEqualTo(Authorizer.Decision.PAIR);
            assertThat(auth.decide(msg("telegram", "group", "-5", null, "1"))).isEqualTo(Authorizer.Decision.IGNORE);
            assertThat(auth.decide(msg("telegram", "dm", "99", null, "99"))).isEqualTo(Authorizer.Decision.ALLOW);
            assertThat(auth.decide(msg("slack", "dm", "gw", null, "GW"))).isEqualTo(Authorizer.Decision.ALLOW);
            assertThat(auth.decide(msg("slack", "dm", "99", null, "99"))).isEqualTo(Authorizer.Decision.PAIR);

            assertThat(pairing.approve("telegram", first.code().toLowerCase()).outcome()).isEqualTo(PairingService.ApprovalOutcome.APPROVED);
            assertThat(auth.decide(msg("telegram", "dm", "1", null, "1"))).isEqualTo(Authorizer.Decision.ALLOW);
            assertThat(pairing.approve("telegram", first.code()).outcome()).isEqualTo(PairingService.ApprovalOutcome.UNKNOWN_CODE);
            // Wrong codes from the CLI or an admin lock nobody out: the owner's next correct code still works.
            for (int i = 0; i < 6; i++) {
                pairing.approve("telegram", "AAAAAAAA");
            }
            PairingService.Issued second = pairing.issue("telegram", "5", "e", "5");
            assertThat(pairing.approve("telegram", second.code()).outcome()).isEqualTo(PairingService.ApprovalOutcome.APPROVED);
            // Five wrong codes sent by a stranger lock out that stranger only, until `pairing unlock`.
            for (int i = 0; i < PairingService.MAX_FAILURES; i++) {
                assertThat(pairing.redeem("telegram", "666", "eve", "AAAAAAAA")).hasValueSatisfying(t -> assertThat(t).contains("not valid"));
            }
            assertThat(pairing.locked("telegram", "666")).isTrue();
            assertThat(pairing.redeem("telegram", "666", "eve", "hello")).hasValueSatisfying(t -> assertThat(t).contains("Too many"));
            assertThat(pairing.locked("telegram", "777")).isFalse();
            assertThat(pairing.redeem("telegram", "777", "bob", "hello")).isEmpty();
            assertThat(pairing.unlock("telegram")).isEqualTo(PairingService.MAX_FAILURES);
            assertThat(pairing.locked("telegram", "666")).isFalse();
            assertThat(new Authorizer(true, true, repo, Map.of(), List.of()).decide(msg("x", "group", "1", null, "z")))
                    .isEqualTo(Authorizer.Decision.ALLOW);
            assertThat(new Authorizer(false, false, repo, Map.of(), List.of()).decide(msg("x", "dm", "1", null, "z")))
                    .isEqualTo(Authorizer.Decision.IGNORE);
        }
    }

    @Test
    void telegramErrorsKeepTheStatusAndRetryAfterButNeverTheUrl() {
        DeliveryException limited = TelegramErrors.classify(new RuntimeCamelException(
                "http://127.0.0.1:1/bot123:SECRET/sendMessage responded: 429{\"ok\":false,\"error_code\":429,"
                        + "\"description\":\"Too Many Requests: retry after 7\",\"parameters\":{\"retry_after\":7}}"));
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(limited.permanent()).isFalse();
        assertThat(limited.getMessage()).contains("429").doesNotContain("SECRET");
        DeliveryException bad = TelegramErrors.classify(new RuntimeCamelException(
                "http://x/bot1:SECRET/sendMessage responded: 400{\"ok\":false,\"description\":\"Bad Request: chat not found\"}"));
        assertThat(bad.permanent()).isTrue();
        assertThat(bad.getMessage()).contains("chat not found").doesNotContain("SECRET");
        assertThat(TelegramErrors.classify(new java.io.IOException("connection refused")).permanent()).isFalse();
    }
}
