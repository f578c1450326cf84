package dev.hinksbot.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.config.GatewayHome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** `hinksbot service install --dry-run`: the systemd unit (checked by systemd-analyze where it exists) and the launchd plist. */
class ServiceUnitsTest {
    private static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");

    @TempDir
    Path tmp;

    @AfterEach
    void forgetHome() {
        System.clearProperty(GatewayHome.PROPERTY); // --home sets it for the rest of this JVM's commands
    }

    @Test
    void dryRunPrintsAValidUserUnitForTheHomeWithNoSecret() throws Exception {
        Path home = tmp.resolve("my home"); // a blank in the path must survive systemd's quoting
        assertThat(new CommandLine(new GatewayCli()).execute("init", home.toString())).isZero();
        Files.writeString(home.resolve("config/application.properties"),
                "gateway.api.key=unit-secret-1f2e\ngateway.telegram.token=123:tok-secret\n", java.nio.file.StandardOpenOption.APPEND);

        Path userUnit = ServiceCommand.Target.of(null).file();
        boolean installedBefore = Files.exists(userUnit);
        String out = run("service", "install", "--dry-run", "--home", home.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assertThat(out).contains("Restart=on-failure")
                .contains("WorkingDirectory=" + home + "\n")
                .contains("Environment=\"HINKSBOT_HOME=" + home + "\"\n")
                .contains("ExecStart=" + java + " -cp ")
                .contains(" dev.hinksbot.gateway.cli.GatewayCli run\n")
                .contains("KillMode=mixed")
                .contains("WantedBy=default.target")
                .doesNotContain("User=")
                .doesNotContain("unit-secret-1f2e").doesNotContain("tok-secret");
        assertThat(Files.exists(userUnit)).as("a dry run writes nothing").isEqualTo(installedBefore);
        verify(out);
    }

    @Test
    void aSystemUnitRunsAsTheHomesOwnerAfterTheNetwork() throws Exception {
        ServiceUnits.Launch launch = new ServiceUnits.Launch(List.of("/opt/jdk/bin/java", "-jar", "/opt/hinksbot gateway/hinksbot-gateway.jar", "run"));
        String unit = ServiceUnits.systemd(launch, Path.of("/srv/hinks%bot"), true, Optional.of("alice"));
        assertThat(unit).contains("User=alice\n").contains("After=network-online.target\n").contains("WantedBy=multi-user.target\n")
                .contains("WorkingDirectory=/srv/hinks%%bot\n")
                .contains("ExecStart=/opt/jdk/bin/java -jar \"/opt/hinksbot gateway/hinksbot-gateway.jar\" run\n");
    }

    @Test
    void fromTheDistributionTheUnitRunsItsScriptWithTheJvmAndAClassArchiveUnderTheHome() {
        ServiceUnits.Launch launch = new ServiceUnits.Launch(List.of("/opt/hinksbot-gateway/bin/hinksbot", "run"),
                java.util.Map.of("JAVA_HOME", "/opt/jdk"));
        String unit = ServiceUnits.systemd(launch, Path.of("/srv/hb"), true, Optional.of("alice"));
        assertThat(unit).contains("Environment=HINKSBOT_HOME=/srv/hb\n").contains("Environment=HINKSBOT_CDS_DIR=/srv/hb/data/cds\n")
                .contains("Environment=JAVA_HOME=/opt/jdk\n").contains("ExecStart=/opt/hinksbot-gateway/bin/hinksbot run\n");
        assertThat(ServiceUnits.launchd(launch, Path.of("/srv/hb"), Optional.empty()))
                .contains("<key>HINKSBOT_CDS_DIR</key><string>/srv/hb/data/cds</string>")
                .contains("<key>JAVA_HOME</key><string>/opt/jdk</string>");
    }

    @Test
    void theLaunchdPlistRunsTheGatewayFromTheHomeAndRestartsItOnFailure() throws Exception {
        ServiceUnits.Launch launch = new ServiceUnits.Launch(List.of("/Library/Java/bin/java", "-jar", "/Applications/H&B/hinksbot-gateway.jar", "run"));
        String plist = ServiceUnits.launchd(launch, Path.of("/Users/alice/.hinksbot"), Optional.empty());
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(plist.getBytes(StandardCharsets.UTF_8)));
        Element dict = (Element) doc.getDocumentElement().getElementsByTagName("dict").item(0);
        assertThat(valueOf(dict, "Label")).isEqualTo("dev.hinksbot.gateway");
        assertThat(valueOf(dict, "WorkingDirectory")).isEqualTo("/Users/alice/.hinksbot");
        NodeList args = ((Element) next(dict, "ProgramArguments")).getElementsByTagName("string");
        assertThat(args.getLength()).isEqualTo(4);
        assertThat(args.item(2).getTextContent()).isEqualTo("/Applications/H&B/hinksbot-gateway.jar");
        assertThat(next(dict, "RunAtLoad").getNodeName()).isEqualTo("true");
        Element keepAlive = (Element) next(dict, "KeepAlive");
        assertThat(next(keepAlive, "SuccessfulExit").getNodeName()).isEqualTo("false");
        Element env = (Element) next(dict, "EnvironmentVariables");
        assertThat(valueOf(env, "HINKSBOT_HOME")).isEqualTo("/Users/alice/.hinksbot");
        assertThat(plist).doesNotContain("UserName");
    }

    private static String valueOf(Element dict, String key) {
        return next(dict, key).getTextContent();
    }

    /** The element after {@code <key>NAME</key>} in a plist dict. */
    private static org.w3c.dom.Node next(Element dict, String key) {
        NodeList children = dict.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i).getNodeName().equals("key") && children.item(i).getTextContent().equals(key)
                    && children.item(i).getParentNode() == dict) {
                for (int j = i + 1; j < children.getLength(); j++) {
                    if (children.item(j) instanceof Element e) {
                        return e;
                    }
                }
            }
        }
        throw new AssertionError("no key " + key);
    }

    /** systemd's own check of the unit, where systemd-analyze is installed (it is on this project's machines). */
    private void verify(String unit) throws Exception {
        if (!Files.isExecutable(SYSTEMD_ANALYZE)) {
            System.out.println("systemd-analyze is not installed here: the unit's text is checked, not systemd's verdict");
            return;
        }
        Path file = tmp.resolve("hinksbot.service");
        Files.writeString(file, unit);
        Process p = new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(said).isZero();
        assertThat(said).as("systemd-analyze found nothing to say about our unit").doesNotContain(file.getFileName().toString());
    }

    private static String run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            new CommandLine(new GatewayCli()).execute(args);
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
