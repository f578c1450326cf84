package dev.hinksbot.gateway.tools.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.tools.Args;
import dev.hinksbot.gateway.tools.Tool;
import dev.hinksbot.gateway.tools.ToolContext;
import dev.hinksbot.gateway.tools.ToolResult;
import dev.hinksbot.gateway.tools.Tools;
import dev.hinksbot.gateway.tools.Workspace;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** sys_metrics and list_processes: a read-only look at the host the gateway runs on. */
final class SystemTools {
    private static final int MAX_COMMAND_CHARS = 200;

    private final Workspace workspace;

    SystemTools(Workspace workspace) {
        this.workspace = workspace;
    }

    Tool sysMetrics() {
        return Tools.builder("sys_metrics")
                .description("Show current system metrics: CPU cores and load, memory, JVM heap of the gateway, "
                        + "and disk usage of the filesystem holding the workspace.")
                .group("system", "metrics", "monitoring")
                .handler(this::metrics)
                .build();
    }

    Tool listProcesses() {
        return Tools.builder("list_processes")
                .description("List running processes (pid, user, CPU time, resident memory, program name), busiest "
                        + "first. Optionally filter by a case-insensitive substring of the program name or user. "
                        + "Arguments are never shown: other programs' command lines can hold secrets.")
                .group("system", "processes", "monitoring")
                .param("filter", "string", "Only processes whose program name or user contains this text", false)
                .intParam("limit", "Most processes to list (default 50)", false, 1, 1000)
                .handler(this::processes)
                .build();
    }

    private ToolResult metrics(JsonNode args, ToolContext ctx) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        StringBuilder sb = new StringBuilder();
        sb.append("Host: ").append(os.getName()).append(' ').append(os.getVersion()).append(" (").append(os.getArch()).append(")\n");
        sb.append("CPU: ").append(os.getAvailableProcessors()).append(" cores");
        double load = os.getSystemLoadAverage();
        if (load >= 0) {
            sb.append(String.format(Locale.ROOT, ", load average (1 min) %.2f", load));
        }
        long total = -1;
        long free = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double cpu = sun.getCpuLoad();
            if (cpu > 0) { // the first sample is often 0 before the JVM has a baseline
                sb.append(String.format(Locale.ROOT, ", system CPU usage %.1f%%", cpu * 100));
            }
            total = sun.getTotalMemorySize();
            free = sun.getFreeMemorySize();
        }
        long[] meminfo = procMeminfo();
        if (meminfo != null) {
            // MemAvailable counts reclaimable cache, which is what "free" means to a person
            total = meminfo[0];
            free = meminfo[1];
        }
        sb.append('\n');
        if (total > 0) {
            sb.append("Memory: ").append(bytes(total - free)).append(" used of ").append(bytes(total))
                    .append(" (").append(bytes(free)).append(" available, ").append(pct(total - free, total)).append(" used)\n");
        }
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        sb.append("JVM heap: ").append(bytes(used)).append(" used, ").append(bytes(rt.totalMemory()))
                .append(" committed, ").append(bytes(rt.maxMemory())).append(" max\n");
        sb.append("JVM uptime: ").append(Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()).toSeconds()).append("s\n");
        try {
            FileStore store = Files.getFileStore(workspace.root());
            long t = store.getTotalSpace();
            long u = store.getUsableSpace();
            sb.append("Disk (workspace ").append(workspace.root()).append("): ").append(bytes(t - u)).append(" used of ")
                    .append(bytes(t)).append(" (").append(bytes(u)).append(" free, ").append(pct(t - u, t)).append(" used)");
        } catch (IOException e) {
            sb.append("Disk: unavailable (").append(e.getMessage()).append(')');
        }
        return ToolResult.ok(sb.toString());
    }

    /** {total, available} in bytes from /proc/meminfo, or null off Linux. */
    private static long[] procMeminfo() {
        Path p = Path.of("/proc/meminfo");
        if (!Files.isReadable(p)) {
            return null;
        }
        try {
            long total = -1;
            long avail = -1;
            for (String line : Files.readAllLines(p)) {
                String[] f = line.split("\\s+");
                if (f.length >= 2 && f[0].equals("MemTotal:")) {
                    total = Long.parseLong(f[1]) * 1024;
                } else if (f.length >= 2 && f[0].equals("MemAvailable:")) {
                    avail = Long.parseLong(f[1]) * 1024;
                }
            }
            return total > 0 && avail >= 0 ? new long[] {total, avail} : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private record Proc(long pid, String user, Duration cpu, long rssBytes, String command) {
    }

    private ToolResult processes(JsonNode args, ToolContext ctx) throws Exception {
        String filter = Args.string(args, "filter", "").toLowerCase(Locale.ROOT);
        int limit = (int) Args.integer(args, "limit", 50);
        List<Proc> procs = ProcessHandle.allProcesses()
                .map(ph -> {
                    ProcessHandle.Info info = ph.info();
                    // the program's name only, never its arguments (a -D or --token=… of another program is a secret)
                    String name = info.command().map(c -> Path.of(c).getFileName().toString()).orElseGet(() -> comm(ph.pid()));
                    return new Proc(ph.pid(), info.user().orElse("?"), info.totalCpuDuration().orElse(Duration.ZERO),
                            rss(ph.pid()), name);
                })
                .filter(p -> filter.isEmpty() || p.command().toLowerCase(Locale.ROOT).contains(filter)
                        || p.user().toLowerCase(Locale.ROOT).contains(filter))
                .sorted(Comparator.comparing(Proc::cpu).reversed().thenComparing(Proc::pid))
                .toList();
        if (procs.isEmpty()) {
            return ToolResult.ok(filter.isEmpty() ? "No processes visible." : "No processes matching '" + filter + "'.");
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%8s  %-12s %10s %10s  %s%n", "PID", "USER", "CPU", "RSS", "NAME"));
        procs.stream().limit(limit).forEach(p -> {
            String cmd = p.command().length() > MAX_COMMAND_CHARS ? p.command().substring(0, MAX_COMMAND_CHARS) + "..." : p.command();
            sb.append(String.format(Locale.ROOT, "%8d  %-12s %10s %10s  %s%n", p.pid(), abbreviate(p.user(), 12), cpu(p.cpu()),
                    p.rssBytes() < 0 ? "?" : bytes(p.rssBytes()), cmd));
        });
        sb.append(procs.size() > limit ? "[" + limit + " of " + procs.size() + " processes shown]" : "[" + procs.size() + " processes]");
        return ToolResult.ok(sb.toString());
    }

    /** The kernel's short name of the process (/proc/pid/comm), when the executable path is not readable. */
    private static String comm(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/comm")).strip();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Resident memory in bytes from /proc/pid/status (VmRSS), or -1. */
    private static long rss(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not Linux
        }
        return -1;
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    private static String cpu(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d.%02d", s / 60, s % 60, d.toMillisPart() / 10);
    }

    private static String pct(long part, long whole) {
        return whole <= 0 ? "?" : String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }

    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        String units = "KMGTPE";
        int i = (63 - Long.numberOfLeadingZeros(b)) / 10;
        return String.format(Locale.ROOT, "%.1f %siB", b / Math.pow(1024, i), units.charAt(i - 1));
    }
}
