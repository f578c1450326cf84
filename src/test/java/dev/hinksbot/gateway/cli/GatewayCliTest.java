package dev.hinksbot.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The forms that start the gateway without picocli (a faster start), and the ones left to picocli. */
class GatewayCliTest {
    @Test
    void runWithOrWithoutAHomeSkipsPicocli() {
        assertThat(GatewayCli.plainRun(new String[0])).contains(new GatewayCli.PlainRun(null));
        assertThat(GatewayCli.plainRun(new String[] {"run"})).contains(new GatewayCli.PlainRun(null));
        assertThat(GatewayCli.plainRun(new String[] {"--home", "/srv/hb"})).contains(new GatewayCli.PlainRun("/srv/hb"));
        assertThat(GatewayCli.plainRun(new String[] {"--home", "/srv/hb", "run"})).contains(new GatewayCli.PlainRun("/srv/hb"));
        assertThat(GatewayCli.plainRun(new String[] {"run", "--home", "/srv/hb"})).contains(new GatewayCli.PlainRun("/srv/hb"));
        assertThat(GatewayCli.plainRun(new String[] {"--home=/srv/hb", "run"})).contains(new GatewayCli.PlainRun("/srv/hb"));
    }

    @Test
    void everythingElseIsPicocliS() {
        for (String[] args : new String[][] {{"init"}, {"--help"}, {"run", "--help"}, {"--home"}, {"--home", "--help"},
                {"run", "run"}, {"--home", "a", "--home", "b"}, {"--home="}, {"doctor", "--home", "/srv/hb"}, {"rnu"}}) {
            assertThat(GatewayCli.plainRun(args)).as(String.join(" ", args)).isEmpty();
        }
    }
}
