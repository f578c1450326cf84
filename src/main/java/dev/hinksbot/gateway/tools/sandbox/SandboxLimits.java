package dev.hinksbot.gateway.tools.sandbox;

/**
 * Resource limits set with prlimit inside the sandbox, on the command and everything it starts. They stop runaway
 * commands (fork bombs, a file filling the disk, unbounded allocation), not a determined attacker; the timeout and
 * the kill of the whole process tree still apply.
 *
 * @param processes        RLIMIT_NPROC: processes and threads of the sandbox user. The kernel does not apply it
 *                         to processes of the host's root user, so run the gateway as an ordinary user.
 * @param addressSpaceBytes RLIMIT_AS: virtual memory of each process (runtimes that reserve large ranges up front,
 *                          such as a JVM without -Xmx, may need less heap)
 * @param fileSizeBytes    RLIMIT_FSIZE: largest file a command can write
 * @param openFiles        RLIMIT_NOFILE: open files per process
 */
public record SandboxLimits(int processes, long addressSpaceBytes, long fileSizeBytes, int openFiles) {
    private static final long GIB = 1024L * 1024 * 1024;

    public static final SandboxLimits DEFAULT = new SandboxLimits(256, 4 * GIB, GIB, 1024);

    /** The prlimit wrapper in front of the command; core dumps are off (they could hold a copy of memory). */
    String[] prlimit() {
        return new String[] {"/usr/bin/prlimit", "--nproc=" + processes, "--as=" + addressSpaceBytes,
                "--fsize=" + fileSizeBytes, "--nofile=" + openFiles, "--core=0", "--"};
    }
}
