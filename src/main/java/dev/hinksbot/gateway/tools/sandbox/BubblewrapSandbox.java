package dev.hinksbot.gateway.tools.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs each command in a bubblewrap sandbox: new user, pid, ipc, uts and cgroup namespaces (and a new network
 * namespace with only loopback unless network is on); the workspace bound read-write at its own absolute path as
 * the only writable place besides a private /tmp; /usr and the /bin, /sbin, /lib* links or directories read-only;
 * a minimal /etc written by the gateway (no host passwd, shadow, or anything else from the host's /etc except
 * alternatives, localtime and — with network — resolv.conf and CA certificates); its own /proc, in which the
 * gateway's process does not exist; a minimal /dev; and an environment of PATH, HOME and LANG only.
 * Resource limits are set with prlimit inside ({@link SandboxLimits}).
 */
public final class BubblewrapSandbox implements Sandbox {
    /** The sandbox user: an ordinary uid, whatever the gateway runs as. */
    static final int UID = 1000;
    static final String USER = "hinksbot";
    static final String HOSTNAME = "hinksbot-sandbox";

    private final Path bwrap;
    private final Path workspaceRoot;
    private final boolean network;
    private final HostLayout layout;
    private final Path etcDir;
    private final boolean disableNestedUserns;
    private final SandboxLimits limits;

    /**
     * @param etcDir              a directory holding the sandbox's passwd, group, nsswitch.conf and hosts
     *                            (see {@link #writeEtc})
     * @param disableNestedUserns the installed bwrap knows --disable-userns (0.8+): commands cannot create user
     *                            namespaces of their own, the usual first step of kernel exploits
     */
    public BubblewrapSandbox(Path bwrap, Path workspaceRoot, boolean network, HostLayout layout, Path etcDir,
                             boolean disableNestedUserns, SandboxLimits limits) {
        this.bwrap = bwrap;
        this.workspaceRoot = workspaceRoot.toAbsolutePath().normalize();
        this.network = network;
        this.layout = layout;
        this.etcDir = etcDir;
        this.disableNestedUserns = disableNestedUserns;
        this.limits = limits;
    }

    @Override
    public Launch launch(String command, Path workdir) {
        String ws = workspaceRoot.toString();
        List<String> c = new ArrayList<>(List.of(bwrap.toString(), "--unshare-all"));
        if (network) {
            c.add("--share-net");
        }
        c.addAll(List.of("--unshare-user", "--uid", String.valueOf(UID), "--gid", String.valueOf(UID)));
        if (disableNestedUserns) {
            c.add("--disable-userns");
        }
        c.addAll(List.of("--hostname", HOSTNAME, "--die-with-parent", "--new-session"));
        c.addAll(List.of("--ro-bind", "/usr", "/usr"));
        layout.entries().forEach((dir, target) -> {
            if (target != null) {
                c.addAll(List.of("--symlink", target, dir));
            } else {
                c.addAll(List.of("--ro-bind", dir, dir));
            }
        });
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev",
                "--tmpfs", "/tmp")); // before the workspace: a workspace under /tmp is then bound into the new /tmp
        for (String file : List.of("passwd", "group", "nsswitch.conf", "hosts")) {
            c.addAll(List.of("--ro-bind", etcDir.resolve(file).toString(), "/etc/" + file));
        }
        // symlink targets of /usr/bin/awk and friends, and the time zone for date
        c.addAll(List.of("--ro-bind-try", "/etc/alternatives", "/etc/alternatives",
                "--ro-bind-try", "/etc/localtime", "/etc/localtime"));
        if (network) {
            // DNS and TLS; only the public CA certificates, never /etc/ssl/private
            c.addAll(List.of("--ro-bind-try", "/etc/resolv.conf", "/etc/resolv.conf",
                    "--ro-bind-try", "/etc/ssl/certs", "/etc/ssl/certs",
                    "--ro-bind-try", "/etc/ca-certificates", "/etc/ca-certificates"));
        }
        c.addAll(List.of("--bind", ws, ws,
                "--remount-ro", "/", // the sandbox's own root: nothing but the workspace and /tmp is writable
                "--chdir", workdir.toAbsolutePath().normalize().toString(),
                "--clearenv"));
        SandboxEnvironment.of(workspaceRoot).forEach((k, v) -> c.addAll(List.of("--setenv", k, v)));
        c.addAll(List.of(limits.prlimit()));
        c.addAll(List.of("/bin/sh", "-c", command));
        // bwrap itself gets the same small environment: the sandbox's pid 1 is bwrap, and its /proc/1/environ
        // is readable inside
        return new Launch(c, workspaceRoot, SandboxEnvironment.of(workspaceRoot));
    }

    @Override
    public String describe() {
        return "bubblewrap (network " + (network ? "on" : "off") + ")";
    }

    /**
     * Writes the sandbox's /etc files into {@code dir}: one user and group for the sandbox uid with the workspace as
     * home, name lookup from files and DNS only, and localhost in hosts.
     */
    public static void writeEtc(Path dir, Path home) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> e : Map.of(
                    "passwd", USER + ":x:" + UID + ":" + UID + ":HinksBot sandbox:" + home + ":/bin/sh\n",
                    "group", USER + ":x:" + UID + ":\n",
                    "nsswitch.conf", "passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n",
                    "hosts", "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\t" + HOSTNAME + "\n")
                    .entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sandbox's /etc files in " + dir, e);
        }
    }
}
