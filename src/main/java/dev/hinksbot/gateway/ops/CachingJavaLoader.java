package dev.hinksbot.gateway.ops;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.dsl.java.joor.Helper;
import org.apache.camel.dsl.java.joor.JavaRoutesBuilderLoader;
import org.apache.camel.language.joor.CompilationUnit;
import org.apache.camel.language.joor.JavaJoorClassLoader;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Resource;
import org.apache.camel.util.IOHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's loader of processors/*.java (camel-java-joor-dsl), with the javac step cached: sources already compiled
 * on this runtime are defined from the {@link ProcessorCache} instead. Everything after the compile (instantiating,
 * {@code @BindToRegistry}, the reload of {@link ProcessorReload}, compile errors) stays Camel's. Bound as
 * {@code routes-builder-loader-java}, the name Camel looks up before its own loader, by {@link #installer}.
 */
public final class CachingJavaLoader extends JavaRoutesBuilderLoader {
    public static final String BEAN = "routes-builder-loader-" + EXTENSION;
    private static final Logger LOG = LoggerFactory.getLogger(CachingJavaLoader.class);

    private final ProcessorCache cache;

    public CachingJavaLoader(ProcessorCache cache) {
        this.cache = cache;
    }

    /**
     * Binds and starts a loader on {@code cache} once Camel Main has built its context and before it configures it:
     * Camel Main pre-compiles processors/*.java while it configures (before it reads the configuration classes), and
     * takes a loader from the registry as it is, unstarted.
     */
    public static MainListener installer(ProcessorCache cache) {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                CamelContext camel = main.getCamelContext();
                CachingJavaLoader loader = new CachingJavaLoader(cache);
                loader.setCamelContext(camel);
                try {
                    camel.addService(loader, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("the processors' loader did not start: " + e.getMessage(), e);
                }
                camel.getRegistry().bind(BEAN, loader);
            }
        };
    }

    @Override
    protected CompilationUnit.Result compileResources(Collection<Resource> resources) throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Resource resource : resources) {
            try (InputStream in = resourceInputStream(resource)) {
                if (in == null) {
                    throw new FileNotFoundException(resource.getLocation());
                }
                String text = IOHelper.loadText(in);
                sources.put(Helper.determineName(resource, text), text);
            }
        }
        if (!getCompilePreProcessors().isEmpty()) {
            return super.compileResources(resources); // a pre-processor may see or change what is compiled
        }
        String key = ProcessorCache.key(sources, getCamelContext().getVersion());
        CompilationUnit.Result cached = cache.read(key).map(entry -> define(key, entry)).orElse(null);
        if (cached != null) {
            LOG.info("processors: {} loaded from the compile cache", sources.keySet());
            return cached;
        }
        long start = System.nanoTime();
        CompilationUnit.Result result = super.compileResources(resources);
        LOG.info("processors: {} compiled in {} ms", sources.keySet(), (System.nanoTime() - start) / 1_000_000);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        result.getCompiledClassNames().forEach(name -> classes.put(name, result.getByteCode(name)));
        boolean ownLoader = sources.keySet().stream()
                .allMatch(name -> result.getClass(name) != null && result.getClass(name).getClassLoader() != parentLoader());
        if (ownLoader && classes.keySet().containsAll(sources.keySet())) {
            cache.write(key, new ProcessorCache.Entry(classes, sources.keySet().stream().toList()));
        } // else jOOR defined a class into an existing package of the gateway's: a loader of ours could not do that
        return result;
    }

    /** The entry's classes in a loader of their own (as jOOR does), or null when they do not load: then compiled again. */
    private CompilationUnit.Result define(String key, ProcessorCache.Entry entry) {
        BytecodeLoader loader = new BytecodeLoader(entry.classes(), parentLoader());
        Map<String, Class<?>> mains = new LinkedHashMap<>();
        try {
            for (String name : entry.mainClasses()) {
                mains.put(name, Class.forName(name, true, loader));
            }
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.warn("processors: compile cache entry {} does not load ({}); compiling again", key, e.toString());
            cache.remove(key);
            return null;
        }
        JavaJoorClassLoader camelLoader = (JavaJoorClassLoader) getCamelContext().getClassResolver()
                .getClassLoader("JavaJoorClassLoader");
        mains.forEach((name, type) -> {
            if (camelLoader != null) { // Camel resolves the classes by name through it, as after its own compile
                camelLoader.removeClass(name);
                camelLoader.addClass(name, type, entry.classes().get(name));
            }
        });
        return new CachedResult(mains, entry.classes());
    }

    private ClassLoader parentLoader() {
        return JavaRoutesBuilderLoader.class.getClassLoader();
    }

    /** A compile result read from the cache: the same answers jOOR's own result gives. */
    private static final class CachedResult extends CompilationUnit.Result {
        private final Map<String, Class<?>> classes;
        private final Map<String, byte[]> bytecode;

        CachedResult(Map<String, Class<?>> classes, Map<String, byte[]> bytecode) {
            this.classes = Map.copyOf(classes);
            this.bytecode = Map.copyOf(bytecode);
        }

        @Override
        public Class<?> getClass(String name) {
            return classes.get(name);
        }

        @Override
        public byte[] getByteCode(String name) {
            return bytecode.get(name);
        }

        @Override
        public int size() {
            return classes.size();
        }

        @Override
        public Set<String> getClassNames() {
            return classes.keySet();
        }

        @Override
        public Set<String> getCompiledClassNames() {
            return bytecode.keySet();
        }
    }

    /** Defines the cached classes on first use, the sources' inner classes too. */
    private static final class BytecodeLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        BytecodeLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super("processors", parent);
            this.classes = Map.copyOf(classes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] code = classes.get(name);
            if (code == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, code, 0, code.length);
        }
    }
}
