package dev.hinksbot.gateway.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Browsable API docs at `/docs`: Swagger UI from its webjar, reading the OpenAPI document Camel's REST DSL
 * serves at `/api/v1/openapi.json`.
 */
public final class DocsHandler {
    /** Kept in step with the swagger-ui webjar version in pom.xml. */
    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/5.18.2";

    private DocsHandler() {
    }

    public static void install(Router router) {
        // Vert.x matches "/docs" for "/docs/" too: redirect only the bare path, or the page redirects to itself forever.
        router.route("/docs").order(-150).handler(rc -> {
            if ("/docs".equals(rc.normalizedPath())) {
                rc.redirect("/docs/");
            } else {
                rc.next();
            }
        });
        router.route("/docs/assets/*").order(-150).handler(StaticHandler.create(SWAGGER_UI).setCachingEnabled(true));
        router.route("/docs/*").order(-149).handler(StaticHandler.create("web/docs").setIndexPage("index.html"));
    }
}
