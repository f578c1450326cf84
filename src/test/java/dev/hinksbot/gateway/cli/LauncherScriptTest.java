package dev.hinksbot.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/hinksbot's class-data-sharing archive, run against a stand-in `java` that reports its version and prints the
 * arguments it was given: `run` starts from the archive of this jar on this JVM (written at exit on Java 17, by the
 * JVM itself on 19+), other commands and HINKSBOT_CDS=off do not, and a new jar means a new archive.
 */
class LauncherScriptTest {
    @TempDir
    Path tmp;

    @Test
    void onJava17TheFirstRunWritesTheArchiveAndLaterRunsStartFromIt() throws Exception {
        Path dist = dist("17.0.15");
        Path cds = tmp.resolve("cds");
        List<String> first = launch(dist, cds, Map.of());
        assertThat(first).first().asString().startsWith("-XX:ArchiveClassesAtExit=" + cds + "/hinksbot-").endsWith(".jsa");
        assertThat(first).endsWith("-jar", dist.resolve("hinksbot-gateway.jar").toString(), "--home", "/h");

        String archive = first.get(0).substring("-XX:ArchiveClassesAtExit=".length());
        Files.writeString(Path.of(archive), "archive"); // what the JVM writes when the gateway stops
        assertThat(launch(dist, cds, Map.of())).first().isEqualTo("-XX:SharedArchiveFile=" + archive);

        // a new release (another jar) gets its own archive, and the stale one is removed
        Files.writeString(dist.resolve("hinksbot-gateway.jar"), "a newer jar, longer than the first");
        List<String> upgraded = launch(dist, cds, Map.of());
        assertThat(upgraded.get(0)).startsWith("-XX:ArchiveClassesAtExit=").doesNotContain(archive);
        assertThat(Path.of(archive)).doesNotExist();
    }

    @Test
    void onJava19AndLaterTheJvmKeepsTheArchiveItself() throws Exception {
        Path dist = dist("21.0.5");
        List<String> args = launch(dist, tmp.resolve("cds"), Map.of());
        assertThat(args.get(0)).isEqualTo("-XX:+AutoCreateSharedArchive");
        assertThat(args.get(1)).startsWith("-XX:SharedArchiveFile=" + tmp.resolve("cds") + "/hinksbot-");
    }

    @Test
    void otherCommandsAndCdsOffRunWithoutAnArchive() throws Exception {
        Path dist = dist("17.0.15");
        assertThat(launch(dist, tmp.resolve("cds"), Map.of(), "--home", "/h", "doctor"))
                .containsExactly("-jar", dist.resolve("hinksbot-gateway.jar").toString(), "--home", "/h", "doctor");
        assertThat(launch(dist, tmp.resolve("cds"), Map.of("HINKSBOT_CDS", "off")))
                .containsExactly("-jar", dist.resolve("hinksbot-gateway.jar").toString(), "--home", "/h");
        assertThat(launch(dist, tmp.resolve("cds"), Map.of(), "--home", "/h", "run")).first().asString()
                .startsWith("-XX:ArchiveClassesAtExit=");
    }

    /** A distribution folder with the real script, a jar, and a `java` that claims {@code version}. */
    private Path dist(String version) throws IOException {
        Path dist = Files.createDirectories(tmp.resolve("dist"));
        Files.createDirectories(dist.resolve("bin"));
        Files.copy(Path.of("src/dist/bin/hinksbot"), dist.resolve("bin/hinksbot"));
        Files.writeString(dist.resolve("hinksbot-gateway.jar"), "jar");
        Path java = Files.createDirectories(tmp.resolve("jdk/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version + "\" 2024-10-15' >&2; exit 0; fi\n"
                + "for a in \"$@\"; do echo \"$a\"; done\n");
        for (Path p : List.of(java, dist.resolve("bin/hinksbot"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dist;
    }

    /** The arguments bin/hinksbot hands to java (default arguments: --home /h). */
    private List<String> launch(Path dist, Path cds, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/hinksbot").toString()));
        command.addAll(args.length == 0 ? List.of("--home", "/h") : List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", tmp.resolve("jdk").toString());
        pb.environment().put("HINKSBOT_CDS_DIR", cds.toString());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("HINKSBOT_CDS");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().toList();
    }
}
