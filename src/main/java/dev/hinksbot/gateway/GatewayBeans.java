package dev.hinksbot.gateway;

import dev.hinksbot.gateway.ops.Observability;
import dev.hinksbot.gateway.wiring.ChannelBeans;
import dev.hinksbot.gateway.wiring.CoreBeans;
import dev.hinksbot.gateway.wiring.CronBeans;
import dev.hinksbot.gateway.wiring.HttpBeans;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.BindToRegistry;

/**
 * The beans the gateway binds, by name, with their types, read off the wiring's {@code @BindToRegistry} methods
 * (plus the two GatewayApp binds before Camel starts), so `routes validate` knows what a route may name without
 * starting anything.
 */
public final class GatewayBeans {
    private static final List<Class<?>> CONFIGURATIONS = List.of(CoreBeans.class, CronBeans.class, ChannelBeans.class, HttpBeans.class);

    private GatewayBeans() {
    }

    public static Map<String, Class<?>> catalog() {
        Map<String, Class<?>> beans = new TreeMap<>();
        beans.put("vertx", Vertx.class);
        beans.put(Observability.REGISTRY_BEAN, PrometheusMeterRegistry.class);
        for (Class<?> configuration : CONFIGURATIONS) {
            for (Method m : configuration.getMethods()) {
                BindToRegistry bind = m.getAnnotation(BindToRegistry.class);
                if (bind != null && !Modifier.isStatic(m.getModifiers())) {
                    beans.put(bind.value().isEmpty() ? m.getName() : bind.value(), m.getReturnType());
                }
            }
        }
        return beans;
    }
}
