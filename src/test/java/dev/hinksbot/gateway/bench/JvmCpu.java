package dev.hinksbot.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time a JVM's threads used, by kind (event loops, JIT compilers, GC, the rest), read from
 * {@code /proc/PID/task/*}/stat. On a two-core machine every millisecond one of the proxies spends compiling or
 * collecting is taken from llama-server and the client, so the benchmark prints where each JVM's CPU went per phase.
 */
record JvmCpu(Map<String, Long> ticksByKind) {
    /** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms. */
    private static final double MS_PER_TICK = 10.0;
    private static final String[] KINDS = {"event loop", "JIT", "GC", "other"};

    static JvmCpu of(long pid) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        for (String kind : KINDS) {
            ticks.put(kind, 0L);
        }
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.collect(Collectors.toList())) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // fields 14 and 15 of stat (utime, stime), counted from the state field here
                    ticks.merge(kind(name), Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
            // "other" from the process's own total, which keeps the time of threads that have ended (pools come and
            // go); summing the live threads would make it shrink, even below zero, when one ends
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long total = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            ticks.put("other", Math.max(0, total - ticks.get("event loop") - ticks.get("JIT") - ticks.get("GC")));
        } catch (IOException | RuntimeException e) {
            // the process is gone: no figures
        }
        return new JvmCpu(ticks);
    }

    private static String kind(String thread) {
        if (thread.startsWith("vert.x-eventloo")) {
            return "event loop";
        }
        if (thread.startsWith("C1 Compiler") || thread.startsWith("C2 Compiler")) {
            return "JIT";
        }
        if (thread.startsWith("G1 ") || thread.startsWith("GC Thread") || thread.equals("VM Thread")) {
            return "GC";
        }
        return "other";
    }

    /** "event loop 0.35, JIT 0.02, GC 0.01, other 0.03 ms per request" for what was used since {@code before}. */
    String perRequestSince(JvmCpu before, int requests) {
        return ticksByKind.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(),
                        (e.getValue() - before.ticksByKind.getOrDefault(e.getKey(), 0L)) * MS_PER_TICK / requests))
                .collect(Collectors.joining(", ")) + " ms per request";
    }

    double jitMillisSince(JvmCpu before) {
        return (ticksByKind.get("JIT") - before.ticksByKind.get("JIT")) * MS_PER_TICK;
    }
}
