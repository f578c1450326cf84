package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hinksbot.gateway.common.Json;
import dev.hinksbot.gateway.e2e.LiveGateway;
import dev.hinksbot.gateway.fakes.Reply;
import dev.hinksbot.gateway.fakes.ToolCallSpec;
import dev.hinksbot.gateway.store.Database;
import dev.hinksbot.gateway.store.MessageRepository;
import dev.hinksbot.gateway.store.SessionRepository;
import dev.hinksbot.gateway.store.StoredMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web UI in real Chromium against the real gateway and a scripted llama-server: streaming, Markdown, tool
 * cards, stop, retry, search, rename, delete, export, settings, stats, health banner, phone width.
 * Every test fails on any browser console error; screenshots land in target/screenshots.
 */
class BrowserChatTest {
    @RegisterExtension
    static final LiveGateway live = new LiveGateway();
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

    @BeforeEach
    void freshPage() {
        Chromium.assumeInstalled();
        browser.resize(1280, 860);
        browser.open(live.gateway().baseUrl() + "/");
    }

    @AfterEach
    void noConsoleErrors(TestInfo test) throws Exception {
        if (browser == null) {
            return;
        }
        browser.screenshot("chat-" + test.getTestMethod().orElseThrow().getName());
        browser.assertNoConsoleErrors();
    }

    // ---------- helpers ----------

    void type(String text) {
        WebElement prompt = browser.find("#prompt");
        prompt.clear();
        prompt.sendKeys(text);
    }

    /** Sends with Enter and waits until the message is on screen (creating a chat first takes a request). */
    void send(String text) {
        int before = browser.all(".msg-user").size();
        type(text);
        browser.find("#prompt").sendKeys(Keys.ENTER);
        browser.waitUntil("the message shown", d -> browser.all(".msg-user").size() > before);
    }

    void awaitIdle() {
        browser.waitUntil("the answer to end", Duration.ofSeconds(20), d -> !browser.find("#send").getDomAttribute("class").isEmpty()
                && browser.find("#send").isDisplayed() && !browser.find("#stop").isDisplayed());
    }

    /** The last answer's text, or "" while there is none. */
    String lastAnswerText() {
        List<WebElement> blocks = browser.all(".msg-assistant");
        return blocks.isEmpty() ? "" : blocks.get(blocks.size() - 1).getText();
    }

    WebElement lastAssistant() {
        List<WebElement> blocks = browser.all(".msg-assistant");
        assertThat(blocks).as("assistant messages").isNotEmpty();
        return blocks.get(blocks.size() - 1);
    }

    String currentSessionId() {
        String hash = (String) browser.js("return location.hash");
        assertThat(hash).startsWith("#/chat/");
        return hash.substring("#/chat/".length()).split("/")[0];
    }

    JsonNode api(String path) throws Exception {
        var r = live.gateway().get(path);
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    Optional<WebElement> sidebarItem(String title) {
        return browser.all(".session-item").stream()
                .filter(i -> i.findElements(By.cssSelector(".session-title")).stream().anyMatch(t -> t.getText().equals(title)))
                .findFirst();
    }

    /** A finished chat, made in the UI: returns its session id. */
    String chatWith(String message, String answer) {
        browser.find("#new-chat").click();
        live.llama().enqueue(Reply.text(answer));
        send(message);
        awaitIdle();
        return currentSessionId();
    }

    // ---------- tests ----------

    @Test
    void aMessageStreamsAsRenderedMarkdown() throws Exception {
        live.llama().enqueue(Reply.slow("Here is **bold** text, a list:\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                + "```python\ndef hello():\n    return 42\n```\n\nDone streaming now.", Duration.ofMillis(40)));
        send("Show me some Markdown");
        // The user's message shows at once, the answer grows while Stop is offered.
        browser.waitUntil("user message shown", d -> browser.all(".msg-user .msg-body").stream().anyMatch(e -> e.getText().equals("Show me some Markdown")));
        browser.visible("#stop");
        String partial = browser.waitUntil("partial answer", d -> {
            String text = lastAnswerText();
            return text.contains("Here") && !text.contains("Done streaming now.") ? text : null;
        });
        assertThat(partial).isNotBlank();
        browser.screenshot("chat-streaming");
        awaitIdle();

        WebElement answer = lastAssistant();
        assertThat(answer.findElement(By.cssSelector(".md strong")).getText()).isEqualTo("bold");
        assertThat(answer.findElements(By.cssSelector(".md li"))).hasSize(2);
        assertThat(answer.findElements(By.cssSelector(".md table td"))).extracting(WebElement::getText).containsExactly("1", "2");
        WebElement code = answer.findElement(By.cssSelector(".codeblock pre code"));
        assertThat(code.getDomAttribute("class")).contains("hljs");
        assertThat(code.findElements(By.cssSelector("span[class^=hljs-]"))).as("highlighted tokens").isNotEmpty();
        assertThat(answer.findElement(By.cssSelector(".codeblock-head")).getText()).contains("python").contains("Copy");
        assertThat(answer.findElement(By.cssSelector(".md")).getText()).endsWith("Done streaming now.");
        assertThat(answer.findElement(By.cssSelector(".msg-footer")).getText()).contains("tokens");
        assertThat(browser.find("#retry").isDisplayed()).isTrue();

        // Copy puts the code on the clipboard (the page is a secure context on 127.0.0.1).
        browser.js("Object.defineProperty(navigator, 'clipboard', {value: {writeText: t => { window.__copied = t; return Promise.resolve(); }}})");
        answer.findElement(By.cssSelector(".codeblock .copy")).click();
        browser.waitUntil("copied", d -> "def hello():\n    return 42\n".equals(browser.js("return window.__copied")));

        // The chat is in the sidebar, titled after the first message, and stored.
        String id = currentSessionId();
        assertThat(sidebarItem("Show me some Markdown")).isPresent();
        assertThat(api("/api/v1/sessions/" + id + "/messages").path("messages")).hasSize(2);
        // Reloading shows the same conversation from the store.
        browser.open(live.gateway().baseUrl() + "/#/chat/" + id);
        browser.waitUntil("history rendered", d -> browser.all(".msg-assistant .md strong").size() == 1);
    }

    @Test
    void modelOutputCannotRunScript() {
        live.llama().enqueue(Reply.text("Try <img src=x onerror=\"window.__pwned=1\"> and <script>window.__pwned=2</script>"
                + " [link](javascript:window.__pwned=3) <iframe src=\"javascript:window.__pwned=4\"></iframe> end"));
        send("be evil");
        awaitIdle();
        WebElement answer = lastAssistant();
        assertThat(answer.getText()).contains("end");
        assertThat(browser.js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(answer.findElements(By.cssSelector("script, iframe, img, [onerror]"))).isEmpty();
        assertThat(answer.getText()).as("HTML is shown as the model wrote it").contains("<script>window.__pwned=2</script>");
        answer.findElements(By.cssSelector("a[href]")).forEach(a -> assertThat(a.getDomAttribute("href")).doesNotStartWith("javascript:"));
    }

    @Test
    void toolCallsShowAsCardsWithResultDurationAndStatus() {
        live.llama().enqueue(Reply.textThenToolCalls("Let me check.", new ToolCallSpec("call_ok", "sys_metrics", "{}"),
                new ToolCallSpec("call_bad", "file_read", "{\"path\":\"../../etc/passwd\"}")));
        live.llama().enqueue(Reply.text("The machine is fine."));
        send("How is the machine?");
        awaitIdle();

        WebElement ok = browser.find(".tool-card[data-tool-call-id=call_ok]");
        assertThat(ok.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("sys_metrics");
        assertThat(ok.findElement(By.cssSelector(".pill")).getText()).isEqualToIgnoringCase("ok");
        assertThat(ok.findElement(By.cssSelector(".tool-duration")).getText()).matches("\\d+(\\.\\d)? m?s");
        ok.findElement(By.cssSelector("summary")).click();
        WebElement result = ok.findElement(By.cssSelector(".tool-result"));
        assertThat(result.getText()).containsIgnoringCase("Result");
        assertThat(result.findElement(By.cssSelector("pre")).getDomProperty("textContent")).containsIgnoringCase("memory");

        WebElement bad = browser.find(".tool-card[data-tool-call-id=call_bad]");
        assertThat(bad.getDomAttribute("class")).contains("is-error");
        assertThat(bad.findElement(By.cssSelector(".pill")).getText()).isEqualToIgnoringCase("error");
        assertThat(bad.findElement(By.cssSelector(".tool-args")).getDomProperty("textContent")).contains("../../etc/passwd");
        assertThat(bad.findElement(By.cssSelector(".tool-result pre")).isDisplayed()).as("errors are shown open").isTrue();
        assertThat(lastAssistant().getText()).contains("The machine is fine.");

        // The cards come back, with their status, when the chat is opened again.
        browser.open(live.gateway().baseUrl() + "/#/chat/" + currentSessionId());
        browser.waitUntil("cards from history", d -> browser.all(".tool-card .pill").size() == 2);
        assertThat(browser.find(".tool-card[data-tool-call-id=call_bad]").getDomAttribute("class")).contains("is-error");
        assertThat(browser.find(".tool-card[data-tool-call-id=call_ok] .pill").getText()).isEqualToIgnoringCase("ok");
    }

    @Test
    void aDangerousCommandWaitsOnItsCardUntilApproved() throws Exception {
        assertThat(live.gateway().patch("/api/v1/defaults", "{\"tool_options\":[\"terminal\"]}").statusCode()).isEqualTo(200);
        try {
            java.nio.file.Path dir = live.gateway().workspace().resolve("old-build");
            java.nio.file.Files.createDirectories(dir.resolve("x"));
            live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_rm", "run_shell", "{\"command\":\"rm -rf old-build\"}")));
            live.llama().enqueue(Reply.text("Removed old-build."));
            browser.find("#new-chat").click();
            send("Remove old-build");
            WebElement card = browser.waitUntil("the approval question",
                    d -> browser.all(".tool-card[data-tool-call-id=call_rm] .tool-approval").stream().findFirst().orElse(null));
            assertThat(card.getText()).contains("'rm' is not one of the read-only commands");
            assertThat(dir).exists();
            card.findElement(By.cssSelector(".btn-primary")).click();
            awaitIdle();
            assertThat(dir).doesNotExist();
            assertThat(browser.find(".tool-card[data-tool-call-id=call_rm] .pill").getText()).isEqualToIgnoringCase("ok");
            assertThat(lastAssistant().getText()).contains("Removed old-build.");
        } finally {
            live.gateway().delete("/api/v1/defaults");
        }
    }

    @Test
    void escStopsARunAndRetryAnswersAgain() throws Exception {
        live.llama().enqueue(Reply.slow("word ".repeat(200), Duration.ofMillis(100)));
        send("Tell me a long story");
        browser.waitUntil("streaming", d -> lastAnswerText().contains("word"));
        browser.find("#prompt").sendKeys(Keys.ESCAPE);
        browser.waitUntil("stopped", d -> lastAnswerText().toLowerCase().contains("stopped"));
        awaitIdle();
        String id = currentSessionId();
        assertThat(api("/api/v1/sessions/" + id + "/messages").path("messages").path(1).path("status").asText()).isEqualTo("cancelled");

        // The Stop button does the same.
        live.llama().enqueue(Reply.slow("again ".repeat(200), Duration.ofMillis(100)));
        send("And another");
        browser.waitUntil("streaming", d -> lastAnswerText().contains("again"));
        browser.find("#stop").click();
        awaitIdle();

        live.llama().enqueue(Reply.text("A short story, retried."));
        browser.find("#retry").click();
        browser.waitUntil("retried answer", d -> lastAnswerText().contains("A short story, retried."));
        awaitIdle();
        assertThat(browser.all(".msg-user")).hasSize(2);
        JsonNode messages = api("/api/v1/sessions/" + id + "/messages").path("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.path(3).path("content").asText()).isEqualTo("A short story, retried.");
    }

    @Test
    void anAnswerCutOffByARestartShowsItIsInterrupted() throws Exception {
        // What a restart leaves after a crash mid-answer: the text streamed so far, marked interrupted (the store is
        // written directly here; RestartNoticeTest and WsCrashRecoveryTest make it with real kills).
        String id = "interrupted-chat";
        try (Database db = Database.open(live.gateway().dir().resolve("gateway.db"))) {
            new SessionRepository(db).create(id, "Cut off", null, null);
            MessageRepository messages = new MessageRepository(db);
            messages.append(StoredMessage.user(id, "run_x", "Tell me about lighthouses"));
            messages.append(new StoredMessage(null, id, "run_x", "assistant", "Lighthouses guide ships along", null, null,
                    null, null, StoredMessage.INTERRUPTED, null, null, null, null, null));
        }
        browser.open(live.gateway().baseUrl() + "/#/chat/" + id);
        browser.waitUntil("the history", d -> lastAnswerText().contains("Lighthouses guide ships along"));
        WebElement pill = lastAssistant().findElement(By.cssSelector(".pill[data-status='interrupted']"));
        assertThat(pill.getText().toLowerCase()).contains("interrupted");
        assertThat(lastAssistant().getDomAttribute("data-status")).isEqualTo("interrupted");
        assertThat(api("/api/v1/sessions/" + id + "/messages").path("messages").path(1).path("status").asText())
                .isEqualTo("interrupted");

        live.llama().enqueue(Reply.text("Lighthouses guide ships safely home."));
        browser.find("#retry").click();
        browser.waitUntil("retried answer", d -> lastAnswerText().contains("safely home"));
        awaitIdle();
        JsonNode stored = api("/api/v1/sessions/" + id + "/messages").path("messages");
        assertThat(stored).hasSize(2);
        assertThat(stored.path(1).path("status").asText()).isEqualTo("complete");
    }

    @Test
    void shiftEnterIsANewLineAndEnterSends() {
        live.llama().enqueue(Reply.text("Two lines received."));
        WebElement prompt = browser.find("#prompt");
        prompt.sendKeys("first line");
        prompt.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        prompt.sendKeys("second line");
        assertThat(prompt.getDomProperty("value")).isEqualTo("first line\nsecond line");
        prompt.sendKeys(Keys.ENTER);
        browser.waitUntil("the message shown", d -> browser.all(".msg-user").size() == 1);
        awaitIdle();
        assertThat(browser.all(".msg-user .msg-body").get(0).getText()).isEqualTo("first line\nsecond line");
        assertThat(prompt.getDomProperty("value")).isEmpty();
    }

    @Test
    void searchFindsAMessageAndJumpsToIt() {
        String target = chatWith("Where do zebracorns live?", "Zebracorns live in the hills.");
        browser.find("#new-chat").click();
        for (int i = 0; i < 3; i++) {
            live.llama().enqueue(Reply.text(("Filler paragraph " + i + ". ").repeat(60)));
            send("filler " + i);
            awaitIdle();
        }
        browser.find("#search").sendKeys(Keys.chord(Keys.CONTROL, "a"), "zebracorns");
        WebElement hit = browser.waitUntil("search hits", d -> browser.all(".search-hit").stream()
                .filter(h -> "assistant".equals(h.findElement(By.cssSelector(".hit-title")).getText().replaceAll(".* · ", "")))
                .findFirst().orElse(null));
        assertThat(hit.findElement(By.cssSelector("mark")).getText()).isEqualToIgnoringCase("Zebracorns");
        String messageId = hit.getDomAttribute("data-message-id");
        browser.screenshot("chat-search");
        hit.click();
        browser.waitUntil("jumped", d -> ((String) browser.js("return location.hash")).equals("#/chat/" + target + "/m/" + messageId));
        WebElement message = browser.waitUntil("message shown", d -> browser.all(".msg[data-message-id='" + messageId + "']").stream().findFirst().orElse(null));
        browser.waitUntil("flash", d -> message.getDomAttribute("class").contains("flash"));
        assertThat(browser.js("const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", message)).isEqualTo(true);
        // Esc in the search box goes back to the chat list.
        browser.find("#search").sendKeys(Keys.ESCAPE);
        browser.waitUntil("list back", d -> !browser.all(".session-item").isEmpty());
    }

    @Test
    void renameInPlace() throws Exception {
        String id = chatWith("rename me please", "ok");
        WebElement item = browser.waitUntil("item", d -> sidebarItem("rename me please").orElse(null));
        item.findElement(By.cssSelector(".rename")).click();
        WebElement input = browser.visible(".rename-input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Renamed chat", Keys.ENTER);
        browser.waitUntil("renamed in the list", d -> sidebarItem("Renamed chat").isPresent());
        browser.waitUntil("renamed in the title", d -> browser.find("#chat-title").getText().equals("Renamed chat"));
        assertThat(api("/api/v1/sessions/" + id).path("title").asText()).isEqualTo("Renamed chat");

        // From the top bar too; Esc cancels.
        browser.find("#rename-chat").click();
        browser.visible(".rename-input").sendKeys(Keys.chord(Keys.CONTROL, "a"), "Not this", Keys.ESCAPE);
        browser.waitUntil("unchanged", d -> sidebarItem("Renamed chat").isPresent());
        assertThat(api("/api/v1/sessions/" + id).path("title").asText()).isEqualTo("Renamed chat");
    }

    @Test
    void deleteAsksFirst() throws Exception {
        String id = chatWith("delete me", "bye");
        WebElement item = browser.waitUntil("item", d -> sidebarItem("delete me").orElse(null));
        item.findElement(By.cssSelector(".delete")).click();
        browser.visible("#confirm-dialog");
        browser.find("#confirm-cancel").click();
        assertThat(live.gateway().get("/api/v1/sessions/" + id).statusCode()).isEqualTo(200);

        sidebarItem("delete me").orElseThrow().findElement(By.cssSelector(".delete")).click();
        browser.visible("#confirm-ok").click();
        browser.waitUntil("gone from the list", d -> sidebarItem("delete me").isEmpty());
        browser.waitUntil("back to a new chat", d -> browser.all(".welcome").size() == 1);
        assertThat(live.gateway().get("/api/v1/sessions/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void exportAsMarkdownAndJson() throws Exception {
        String id = chatWith("export this conversation", "Exported answer.");
        browser.find("#export-toggle").click();
        browser.visible("#export-menu [data-format=md]").click();
        Path md = awaitDownload(id + ".md");
        assertThat(Files.readString(md)).contains("export this conversation").contains("Exported answer.");
        browser.find("#export-toggle").click();
        browser.visible("#export-menu [data-format=json]").click();
        Path json = awaitDownload(id + ".json");
        JsonNode body = Json.parse(Files.readString(json));
        assertThat(body.path("session").path("id").asText()).isEqualTo(id);
        assertThat(body.path("messages")).hasSize(2);
    }

    Path awaitDownload(String name) {
        Path file = browser.downloads().resolve(name);
        browser.waitUntil("download " + name, d -> Files.exists(file) && !Files.exists(file.resolveSibling(name + ".crdownload")));
        return file;
    }

    @Test
    void settingsForThisChatAndTheDefaults() throws Exception {
        String id = chatWith("settings chat", "fine");
        browser.find("#open-settings").click();
        browser.visible("#settings-dialog");
        browser.waitUntil("models listed", d -> browser.all("#set-model option").stream().anyMatch(o -> o.getText().equals("fake-model.gguf")));
        browser.waitUntil("tool groups listed", d -> browser.all("#set-tools input").size() > 3);
        WebElement prompt = browser.find("#set-prompt");
        prompt.sendKeys("You answer in haiku.");
        WebElement turns = browser.find("#set-turns");
        turns.sendKeys("4");
        browser.screenshot("chat-settings");
        browser.find("#settings-save").click();
        browser.waitUntil("closed", d -> !browser.find("#settings-dialog").isDisplayed());
        JsonNode session = api("/api/v1/sessions/" + id);
        assertThat(session.path("system_prompt").asText()).isEqualTo("You answer in haiku.");
        assertThat(session.path("max_turns").asInt()).isEqualTo(4);
        assertThat(session.path("tool_options").isNull()).as("untouched fields keep following the defaults").isTrue();

        // The defaults tab edits what every other chat uses.
        browser.find("#open-settings").click();
        browser.find("#tab-defaults").click();
        browser.waitUntil("defaults loaded", d -> browser.find("#settings-reset").isDisplayed());
        WebElement system = browser.waitUntil("system group", d -> browser.all("#set-tools input[value=system]").stream().findFirst().orElse(null));
        boolean wasOn = system.isSelected();
        system.click();
        browser.find("#settings-save").click();
        browser.waitUntil("closed", d -> !browser.find("#settings-dialog").isDisplayed());
        JsonNode defaults = api("/api/v1/defaults");
        assertThat(defaults.path("tool_options").toString().contains("\"system\"")).isEqualTo(!wasOn);
        assertThat(defaults.path("saved")).extracting(JsonNode::asText).containsExactly("tool_options");
        // …and can be restored to the configuration.
        browser.find("#open-defaults").click();
        browser.visible("#settings-reset").click();
        browser.waitUntil("restored", d -> {
            try {
                return api("/api/v1/defaults").path("saved").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        browser.find("#settings-cancel").click();
    }

    @Test
    void statsDashboardDrawsCharts() {
        live.llama().enqueue(Reply.toolCalls(new ToolCallSpec("call_s", "sys_metrics", "{}")));
        live.llama().enqueue(Reply.text("metrics read"));
        send("stats please");
        awaitIdle();
        browser.find("#open-stats").click();
        browser.waitUntil("charts", d -> browser.all("#stats-body .chart svg rect").size() >= 30);
        assertThat(browser.all("#stats-body .kpi")).hasSizeGreaterThanOrEqualTo(6);
        assertThat(browser.find("#stats-body .top-tools").getText()).contains("sys_metrics");
        new org.openqa.selenium.support.ui.Select(browser.find("#stats-days")).selectByValue("7");
        browser.waitUntil("7 days", d -> browser.all("#stats-body .chart:first-child svg rect").size() == 7);
        browser.screenshot("chat-stats");
        browser.find("#stats-close").click();
    }

    @Test
    void healthBannerShowsWhileTheModelLoadsAndClearsItself() {
        live.llama().setLoading(true);
        try {
            send("are you there?");
            browser.waitUntil("error notice", d -> !browser.all(".notice[data-code=model_loading]").isEmpty());
            WebElement banner = browser.visible("#health-banner");
            assertThat(banner.getText()).contains("loading");
            browser.screenshot("chat-health-banner");
        } finally {
            live.llama().setLoading(false);
        }
        browser.waitUntil("banner cleared", Duration.ofSeconds(10), d -> !browser.find("#health-banner").isDisplayed());
    }

    @Test
    void phoneWidthHidesTheSidebarBehindAButton() {
        chatWith("small screen", "Small answer for a **small** screen.");
        browser.resize(390, 844);
        browser.waitUntil("sidebar hidden", d -> (Long) browser.js("return Math.round(document.querySelector('#sidebar').getBoundingClientRect().right)") <= 0);
        assertThat((Long) browser.js("return document.documentElement.scrollWidth")).as("no horizontal scrolling").isLessThanOrEqualTo(390);
        browser.screenshot("phone-chat");
        browser.find("#toggle-sidebar").click();
        browser.waitUntil("sidebar shown", d -> (Long) browser.js("return Math.round(document.querySelector('#sidebar').getBoundingClientRect().left)") == 0);
        browser.screenshot("phone-sidebar");
        browser.find("#prompt").sendKeys(Keys.ESCAPE);
        browser.waitUntil("sidebar closed", d -> (Long) browser.js("return Math.round(document.querySelector('#sidebar').getBoundingClientRect().right)") <= 0);
    }

    @Test
    void keyboardReachesTheMainControls() {
        WebElement body = browser.find("body");
        body.sendKeys(Keys.chord(Keys.CONTROL, "k"));
        assertThat(browser.js("return document.activeElement.id")).isEqualTo("search");
        // Tabbing from the search box reaches the chat list, the footer, the top bar and the composer.
        List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 40 && !seen.contains("prompt"); i++) {
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
            seen.add(String.valueOf(browser.js("const e = document.activeElement; return e.id || e.className")));
        }
        assertThat(seen).contains("open-stats", "open-settings", "prompt");
        assertThat(Stream.of("open-defaults")).allMatch(seen::contains);
    }
}
