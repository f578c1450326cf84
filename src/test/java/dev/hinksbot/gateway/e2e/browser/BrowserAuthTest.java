package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hinksbot.gateway.e2e.LiveGateway;
import dev.hinksbot.gateway.fakes.Reply;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/** With `gateway.api.key` set, the UI loads without it, asks for the key once, and uses it for the API and WebSocket. */
class BrowserAuthTest {
    static final String KEY = "browser-secret";
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
    void asksForTheKeyOnceAndUsesItForTheApiAndTheWebSocket() {
        Chromium.assumeInstalled();
        browser.driver().get(live.gateway().baseUrl() + "/");
        browser.visible("#auth-dialog");
        assertThat(browser.find("#auth-note").getText()).contains("needs its API key");
        browser.screenshot("auth-prompt");

        // A wrong key is refused by the API and asked for again.
        browser.find("#auth-key").sendKeys("wrong-key", Keys.ENTER);
        browser.waitUntil("asked again", d -> browser.find("#auth-dialog").isDisplayed()
                && browser.find("#auth-note").getText().contains("not accepted"));
        browser.find("#auth-key").sendKeys(KEY, Keys.ENTER);
        browser.waitUntil("prompt gone", d -> !browser.find("#auth-dialog").isDisplayed());
        browser.waitUntil("started", d -> "true".equals(browser.find("html").getDomAttribute("data-ready")));

        live.llama().enqueue(Reply.text("Authenticated answer."));
        browser.find("#prompt").sendKeys("hello with a key", Keys.ENTER);
        browser.waitUntil("answer over the WebSocket", d -> browser.all(".msg-assistant").stream()
                .anyMatch(m -> m.getText().contains("Authenticated answer.")));
        assertThat(browser.js("return localStorage.getItem('hinksbot.apiKey')")).isEqualTo(KEY);

        // The key is remembered: a reload asks nothing.
        browser.open(live.gateway().baseUrl() + "/");
        assertThat(browser.find("#auth-dialog").isDisplayed()).isFalse();
        browser.waitUntil("chat list", d -> !browser.all(".session-item").isEmpty());
        assertThat(browser.driver().findElement(By.cssSelector(".session-title")).getText()).isEqualTo("hello with a key");
        browser.screenshot("auth-done");
        // The only errors are the refused calls with the wrong key.
        browser.assertNoConsoleErrors(Pattern.compile("status of 401"));
    }
}
