package dev.hinksbot.gateway.tools.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.common.CancelSignal;
import dev.hinksbot.gateway.tools.TestSupport;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.builtin.ShellRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bubblewrap command line, and what a command inside the real sandbox can and cannot see or change. */
class BubblewrapSandboxTest {
    @TempDir
    Path tmp;

    private BubblewrapSandbox sandbox(Path ws, boolean network) {
        Map<String, String> layout = new LinkedHashMap<>();
        layout.put("/bin", "usr/bin");
        layout.put("/lib64", null);
        return new BubblewrapSandbox(Path.of("/usr/bin/bwrap"), ws, network, new HostLayout(layout),
                Path.of("/run/sbx-etc"), true, SandboxLimits.DEFAULT);
    }

    @Test
    void commandLineUnsharesEverythingAndMountsOnlyWhatItNames() {
        Path ws = Path.of("/srv/ws");
        Sandbox.Launch on = sandbox(ws, true).launch("ls -la", ws.resolve("sub"));
        List<String> c = on.command();
        assertThat(c.subList(0, 3)).containsExactly("/usr/bin/bwrap", "--unshare-all", "--share-net");
        assertThat(c).contains("--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--clearenv");
        assertThat(c.subList(c.size() - 3, c.size())).containsExactly("/bin/sh", "-c", "ls -la");
        assertThat(String.join(" ", c))
                .contains("--ro-bind /usr /usr", "--symlink usr/bin /bin", "--ro-bind /lib64 /lib64",
                        "--proc /proc", "--dev /dev", "--tmpfs /tmp", "--bind /srv/ws /srv/ws", "--remount-ro /",
                        "--chdir /srv/ws/sub", "--ro-bind /run/sbx-etc/passwd /etc/passwd",
                        "--ro-bind /run/sbx-etc/group /etc/group", "--ro-bind-try /etc/resolv.conf /etc/resolv.conf",
                        "--ro-bind-try /etc/ssl/certs /etc/ssl/certs",
                        "/usr/bin/prlimit --nproc=256 --as=4294967296 --fsize=1073741824 --nofile=1024 --core=0 -- /bin/sh")
                .doesNotContain("/etc/shadow", "/etc/ssl/private", "--bind /etc", "--ro-bind /etc ", "/etc/passwd /etc/passwd");
        assertThat(c.indexOf("--tmpfs")).as("/tmp before the workspace, so a workspace under /tmp stays visible")
                .isLessThan(c.indexOf("--bind"));
        assertThat(setenv(c)).containsOnlyKeys("PATH", "HOME", "LANG").containsEntry("HOME", "/srv/ws");
        assertThat(on.environment()).as("bwrap itself gets no gateway variables").containsOnlyKeys("PATH", "HOME", "LANG");

        List<String> off = sandbox(ws, false).launch("ls", ws).command();
        assertThat(off).doesNotContain("--share-net").contains("--unshare-all");
        assertThat(String.join(" ", off)).doesNotContain("resolv.conf", "/etc/ssl");
    }

    private static Map<String, String> setenv(List<String> c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < c.size(); i++) {
            if (c.get(i).equals("--setenv")) {
                env.put(c.get(i + 1), c.get(i + 2));
            }
        }
        return env;
    }

    @Test
    void insideTheSandboxOnlyTheWorkspaceIsWritableAndTheHostIsInvisible() throws Exception {
        TestSupport t = new TestSupport(tmp.resolve("ws"));
        Path outside = tmp.resolve("outside.txt");
        long gateway = ProcessHandle.current().pid();

        String out = run(t, "id; cat /etc/passwd; ls /etc; cat /etc/shadow; echo ---; touch " + outside + "; touch /usr/x; "
                + "touch /x; mkdir -p /home/x; echo in > inside.txt; echo ---; ps -e -o pid=,comm=; echo ---; "
                + "cat /proc/" + gateway + "/cmdline; cat /proc/" + gateway + "/environ; echo ---; "
                + "tr '\\0' '\\n' < /proc/1/environ; echo ---; env; echo ---; ulimit -n; ulimit -c; hostname");
        String[] parts = out.split("---\n");
        assertThat(parts[0]).contains("uid=1000(hinksbot)", "hinksbot:x:1000:1000:")
                .doesNotContain("root:x:0").contains("No such file");
        assertThat(parts[1]).contains("Read-only file system");
        assertThat(outside).doesNotExist();
        assertThat(t.workspace.root().resolve("inside.txt")).hasContent("in");
        assertThat(parts[2].lines().map(String::strip).map(l -> l.split("\\s+")[1]).collect(Collectors.toSet()))
                .as("only the sandbox's processes: %s", parts[2]).isSubsetOf(Set.of("bwrap", "sh", "ps", "prlimit"));
        assertThat(parts[3]).contains("No such file").doesNotContain("java");
        assertThat(names(parts[4])).as("bwrap's own environment, readable as /proc/1/environ").isSubsetOf(Set.of("PATH", "HOME", "LANG"));
        assertThat(names(parts[5])).isSubsetOf(Set.of("PATH", "HOME", "LANG", "PWD", "SHLVL", "_", "OLDPWD"));
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            if (e.getValue().length() >= 12 && !Set.of("PATH", "HOME", "PWD", "OLDPWD", "LANG").contains(e.getKey())) {
                assertThat(out).as("the gateway's variable %s", e.getKey()).doesNotContain(e.getValue());
            }
        }
        assertThat(parts[6]).startsWith("1024\n0\n" + BubblewrapSandbox.HOSTNAME + "\n");
    }

    private static Set<String> names(String envLines) {
        return envLines.lines().filter(l -> l.contains("=")).map(l -> l.substring(0, l.indexOf('='))).collect(Collectors.toSet());
    }

    private static String run(TestSupport t, String command) throws Exception {
        ToolResult r = t.call("run_shell", "{\"command\":" + TestSupport.q(command) + "}");
        return r.success() ? r.output() : r.error();
    }

    @Test
    void withoutNetworkOnlyLoopbackAndNoResolver() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws2"));
        Sandbox s = Sandboxes.choose(true, false, ws).orElseThrow();
        ShellRunner runner = new ShellRunner(s, 10_000);
        String out = runner.run("cat /etc/resolv.conf; cat /proc/net/dev | tail -n +3 | cut -d: -f1; ls /etc/ssl",
                ws, Duration.ofSeconds(20), new CancelSignal()).output();
        assertThat(out).contains("No such file").contains("lo");
        assertThat(out.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains(" ")).toList())
                .as("network interfaces: %s", out).containsExactly("lo");
    }

    @Test
    void aMissingBwrapMeansNoSandboxAndOffMeansUnconfinedWithACleanEnvironment() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws3"));
        assertThat(Sandboxes.choose(true, true, ws, tmp.resolve("no-such-bwrap"))).isEmpty();
        Sandbox off = Sandboxes.choose(false, true, ws).orElseThrow();
        assertThat(off).isInstanceOf(Unconfined.class);
        Sandbox.Launch launch = off.launch("ls", ws);
        assertThat(launch.command()).containsExactly("/bin/sh", "-c", "ls");
        assertThat(launch.environment()).containsOnlyKeys("PATH", "HOME", "LANG");
    }
}
