package dev.hinksbot.gateway.channels.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hinksbot.gateway.config.ChannelsConfig;
import dev.hinksbot.gateway.common.ConfigException;
import dev.hinksbot.gateway.config.ConfigKeys;
import dev.hinksbot.gateway.delivery.DeliveryTarget;
import dev.hinksbot.gateway.delivery.DeliveryTargets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The mail keys: stranger policy, mail defaults, required keys, and mail delivery targets with a thread. */
class MailConfigTest {

    @Test
    void strangersGetNoPairingCodeByMailUnlessAskedFor() {
        ChannelsConfig off = ChannelsConfig.from(keys());
        assertThat(off.pairingEnabled("mail")).isFalse();
        assertThat(off.pairingEnabled("telegram")).isTrue();
        assertThat(ChannelsConfig.from(keys("gateway.mail.pairing", "true")).pairingEnabled("mail")).isTrue();
        assertThat(ChannelsConfig.from(keys("gateway.mail.pairing", "true", "gateway.pairing.enabled", "false"))
                .pairingEnabled("mail")).isFalse();
        assertThatThrownBy(() -> ChannelsConfig.from(keys("gateway.mail.pairing", "maybe")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.mail.pairing");
    }

    @Test
    void aMailThreadIsNotResetOnATimerAndToolProgressStaysOutOfTheMailbox() {
        ChannelsConfig.Platform mail = ChannelsConfig.from(keys()).platform("mail");
        assertThat(mail.enabled()).isTrue();
        assertThat(mail.resetMode()).isEqualTo("none");
        assertThat(mail.toolProgress()).isEqualTo("off");
        assertThat(ChannelsConfig.from(keys("gateway.mail.reset-mode", "idle")).platform("mail").resetMode()).isEqualTo("idle");
    }

    @Test
    void smtpHostAndAddressAreRequired() {
        assertThatThrownBy(() -> ChannelsConfig.from(keys("gateway.mail.smtp.host", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.mail.smtp.host");
        assertThatThrownBy(() -> ChannelsConfig.from(keys("gateway.mail.address", "")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("gateway.mail.address");
        // send-only (no IMAP): valid (routes/mail.yaml then has no mail-in route: RoutePreconditionsTest)
        assertThat(ChannelsConfig.from(keys("gateway.mail.imap.host", "")).platform("mail").enabled()).isTrue();
    }

    @Test
    void mailTargetsCarryTheThreadAfterTheAddress() {
        DeliveryTargets targets = new DeliveryTargets(Set.of("mail"), p -> Optional.empty());
        assertThat(targets.resolve("mail:bob@example.com:root:1@example.com", null))
                .containsExactly(new DeliveryTarget("mail", "bob@example.com", "root:1@example.com"));
        assertThat(targets.resolve("origin", "mail:bob@example.com")).containsExactly(new DeliveryTarget("mail", "bob@example.com", null));
        assertThatThrownBy(() -> targets.resolve("mail:nobody:x", null)).hasMessageContaining("not an e-mail address");
        assertThat(List.of(new DeliveryTarget("mail", "bob@example.com", "r@x").toString())).containsExactly("mail:bob@example.com:r@x");
    }

    private static Map<String, String> keys(String... overrides) {
        Map<String, String> p = new HashMap<>(ConfigKeys.shipped().gatewayDefaults());
        p.put("gateway.mail.imap.host", "imap.example.org");
        p.put("gateway.mail.smtp.host", "smtp.example.org");
        p.put("gateway.mail.address", "bot@example.org");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            p.put(overrides[i], overrides[i + 1]);
        }
        return p;
    }
}
