package dev.hinksbot.gateway.ops;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a user processor (processors/*.java) when its file changes, as Camel reloads routes: Camel compiles it
 * again and binds the new bean under its {@code @BindToRegistry} name, then the routes that name that bean are
 * re-created so they use it (a route resolves its beans when it is created). A file that does not compile is one
 * WARN line, and the running processor stays.
 */
public final class ProcessorReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessorReload.class);
    /** Editors write a file in several steps; wait this long after the last event before compiling. */
    private static final long SETTLE_MILLIS = 300;

    private final CamelContext context;
    private final List<Path> folders;
    private WatchService watcher;
    private Thread thread;

    /** {@code includePattern}: camel.main.routes-include-pattern; its {@code file:DIR/*.java} entries are watched. */
    public ProcessorReload(CamelContext context, String includePattern) {
        this.context = context;
        List<Path> dirs = new ArrayList<>();
        for (String entry : includePattern == null ? new String[0] : includePattern.split(",")) {
            String e = entry.trim();
            if (e.startsWith("file:") && e.endsWith("*.java")) {
                Path dir = Path.of(e.substring("file:".length(), e.length() - "*.java".length()).replaceAll("/+$", ""));
                if (Files.isDirectory(dir)) {
                    dirs.add(dir.toAbsolutePath().normalize());
                }
            }
        }
        this.folders = List.copyOf(dirs);
    }

    public synchronized void start() throws IOException {
        if (folders.isEmpty()) {
            return;
        }
        watcher = FileSystems.getDefault().newWatchService();
        for (Path dir : folders) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        }
        thread = new Thread(this::watch, "processors-reload");
        thread.setDaemon(true);
        thread.start();
        LOG.info("Live processor reloading enabled (directory: {})", folders.size() == 1 ? folders.get(0) : folders);
    }

    private void watch() {
        WatchService w = watcher;
        try {
            while (true) {
                WatchKey key = w.take();
                Set<Path> changed = new LinkedHashSet<>();
                collect(key, changed);
                // let the editor finish writing, and take the other events of the same save with it
                WatchKey more;
                while ((more = w.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    collect(more, changed);
                }
                for (Path file : changed) {
                    if (Files.isRegularFile(file)) {
                        reload(file);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the gateway stops
        }
    }

    private static void collect(WatchKey key, Set<Path> changed) {
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && name.toString().endsWith(".java")) {
                changed.add(dir.resolve(name));
            }
        }
        key.reset();
    }

    /** Compiles and binds {@code file} again, then re-creates the routes that name its beans. */
    void reload(Path file) {
        Map<String, Object> previous = new LinkedHashMap<>();
        try {
            List<String> names = RouteBeans.declared(Files.readString(file));
            for (String name : names) {
                Object bean = context.getRegistry().lookupByName(name);
                if (bean != null) {
                    previous.put(name, bean);
                }
                context.getRegistry().unbind(name); // else the registry keeps the old class beside the new one
            }
            Resource resource = ResourceHelper.resolveResource(context, "file:" + file);
            try {
                PluginHelper.getRoutesLoader(context).updateRoutes(Set.of(resource));
            } catch (Exception e) {
                previous.forEach(context.getRegistry()::bind); // a route reloaded later still finds the running one
                throw e;
            }
            ModelCamelContext model = (ModelCamelContext) context;
            List<RouteDefinition> users = model.getRouteDefinitions().stream().filter(r -> namesAny(r, names)).toList();
            if (!users.isEmpty()) {
                model.addRouteDefinitions(users); // same ids: each is stopped, removed and created again
            }
            LOG.info("processors: {} reloaded (bean {}; route {} re-created)", file.getFileName(), names,
                    users.stream().map(RouteDefinition::getRouteId).toList());
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage().replaceAll("\\s+", " ");
            LOG.warn("processors: {} not reloaded, the running one stays: {}", file.getFileName(),
                    message.length() > 500 ? message.substring(0, 500) + "…" : message);
        }
    }

    private static boolean namesAny(RouteDefinition route, List<String> names) {
        return RouteBeans.refs(route).stream().anyMatch(ref -> names.contains(ref.name()));
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                // closing
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
