package dev.hinksbot.gateway.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver (never one Selenium would download). Collects the
 * browser console, so tests can fail on any error, and saves screenshots under {@code target/screenshots}.
 * Without Chromium the calling test is skipped, saying why.
 */
public final class Chromium implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String BINARY = System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium");
    private static final String DRIVER = System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path downloads;
    private final List<LogEntry> console = new ArrayList<>();

    private Chromium(ChromeDriver driver, ChromeDriverService service, Path downloads) {
        this.driver = driver;
        this.service = service;
        this.downloads = downloads;
    }

    public static boolean installed() {
        return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
    }

    /** Skips the calling test (JUnit assumption), saying why, when Chromium or chromedriver is not installed. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(installed(), () -> "browser test skipped: needs " + BINARY + " and " + DRIVER
                + " (Debian: apt-get install -y chromium chromium-driver; .ci/run installs them)");
    }

    /** A browser, or null when none is installed (each test then skips itself with {@link #assumeInstalled()}). */
    public static Chromium startIfInstalled() throws IOException {
        if (!installed()) {
            System.err.println("WARNING: browser tests skipped: no " + BINARY + " or " + DRIVER
                    + " (apt-get install -y chromium chromium-driver)");
            return null;
        }
        return start();
    }

    static Chromium start() throws IOException {
        Path downloads = Files.createTempDirectory("hinksbot-downloads");
        // Never let Selenium Manager look for (or download) a driver or browser: both are given.
        System.setProperty("webdriver.chrome.driver", DRIVER);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-US", "--no-first-run", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return new Chromium(driver, service, downloads);
    }

    public WebDriver driver() {
        return driver;
    }

    public Path downloads() {
        return downloads;
    }

    public void open(String url) {
        driver.get(url);
        waitUntil("the UI started", d -> "true".equals(d.findElement(By.tagName("html")).getDomAttribute("data-ready")));
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return waitUntil(what, Duration.ofSeconds(15), condition);
    }

    public <T> T waitUntil(String what, Duration timeout, Function<WebDriver, T> condition) {
        // The UI re-renders lists freely: an element found a moment ago may be gone; look again.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(50)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public WebElement visible(String css) {
        return waitUntil(css + " visible", d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        });
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Path screenshot(String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    /** Console and page errors since the last call, minus those matching {@code expected} (e.g. a deliberate 401). */
    public List<String> consoleErrors(Pattern... expected) {
        driver.manage().logs().get(LogType.BROWSER).forEach(console::add);
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : console) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                String message = entry.getMessage();
                boolean allowed = false;
                for (Pattern p : expected) {
                    allowed |= p.matcher(message).find();
                }
                if (!allowed) {
                    errors.add(message);
                }
            }
        }
        console.clear();
        return errors;
    }

    public void assertNoConsoleErrors(Pattern... expected) {
        assertThat(consoleErrors(expected)).as("browser console errors").isEmpty();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
