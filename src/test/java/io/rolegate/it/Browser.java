package io.rolegate.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} driven through its {@code /usr/bin/chromedriver}
 * (never a downloaded driver: nothing outside the package registries is reachable), a fresh profile per browser, and
 * a PNG screenshot per step under target/screenshots/&lt;test&gt;/&lt;step&gt;.png for review.
 *
 * <p>Like the Keycloak tests, browser tests FAIL when Chromium cannot start (.ci/run installs it); only
 * {@code -Dbrowser.skip=true} (the developer opt-out) skips them.
 */
public final class Browser implements AutoCloseable {
    public static final String SKIP_PROPERTY = "browser.skip";
    public static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private int steps;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /**
     * A new headless Chromium whose screenshots go to target/screenshots/{@code test}. Skips the calling test only
     * with -Dbrowser.skip=true; otherwise a missing or broken Chromium fails it.
     */
    public static Browser start(String test) {
        if (Boolean.getBoolean(SKIP_PROPERTY)) {
            Assumptions.abort("browser tests skipped: -D" + SKIP_PROPERTY + "=true");
        }
        return start(test, CHROMIUM, CHROMEDRIVER);
    }

    static Browser start(String test, Path chromium, Path chromedriver) {
        for (Path p : new Path[] {chromium, chromedriver}) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(p + " is missing: apt-get install -y chromium chromium-driver "
                        + "(.ci/run does), or -D" + SKIP_PROPERTY + "=true to skip the browser tests");
            }
        }
        Path target = LocalProcesses.target();
        Path profile;
        Path screenshots = target.resolve("screenshots").resolve(test);
        try {
            profile = Files.createDirectories(target.resolve("chromium-profiles").resolve(UUID.randomUUID().toString()));
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(target.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return new Browser(driver, profile, screenshots);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and saves the page as {@code step}. */
    public void open(String url, String step) {
        driver.get(url);
        screenshot(step);
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Waits (up to 30 s) until {@code condition} holds, e.g. a redirect has landed. */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition::apply);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Saves the current page as target/screenshots/&lt;test&gt;/&lt;NN-step&gt;.png (NN keeps the order). */
    public Path screenshot(String step) {
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++steps, step));
        File png = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.copy(png.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(png.toPath());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            LocalProcesses.deleteRecursively(profile);
        }
    }
}
