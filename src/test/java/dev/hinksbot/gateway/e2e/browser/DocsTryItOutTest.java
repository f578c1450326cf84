package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.e2e.LiveGateway;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Swagger UI at /docs with a key set: Authorize with the key, "Try it out" on GET /api/v1/sessions, Execute — the
 * call goes to this gateway (the document's server is the relative "/") and is answered 200.
 */
class DocsTryItOutTest {
    static final String KEY = "docs-secret";
    @RegisterExtension
    static final LiveGateway live = new LiveGateway("gateway.api.key", KEY);
    static Chromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        browser = Chromium.startIfInstalled();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void tryItOutCallsThisGatewayWithTheKey() {
        Chromium.assumeInstalled();
        browser.driver().get(live.gateway().baseUrl() + "/docs/");
        browser.visible(".btn.authorize").click();
        browser.visible(".modal-ux input[type=text], .modal-ux input[type=password]").sendKeys(KEY);
        browser.visible(".modal-ux .auth-btn-wrapper .btn.modal-btn.auth.authorize").click();
        browser.visible(".modal-ux .btn-done").click();

        browser.visible(".opblock-get .opblock-summary-path[data-path='/api/v1/sessions']").click();
        browser.visible(".try-out__btn").click();
        browser.visible(".btn.execute").click();
        String status = browser.waitUntil("a live response", d -> {
            var cells = browser.all(".live-responses-table .response .response-col_status");
            return cells.isEmpty() ? null : cells.get(0).getText().trim();
        });
        browser.screenshot("docs-try-it-out");
        assertThat(status).isEqualTo("200");
        // the declared query parameters are filled in with their defaults
        assertThat(browser.find(".request-url pre").getText()).isEqualTo(live.gateway().baseUrl() + "/api/v1/sessions?page=1&limit=50");
        assertThat(browser.find(".live-responses-table .response .response-col_description").getDomProperty("textContent")).contains("\"sessions\"");
        browser.assertNoConsoleErrors(Pattern.compile("favicon.ico")); // the docs page has no icon of its own
    }
}
