package io.rolegate.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of the browser harness: a missing Chromium fails (never skips) a test; a page is screenshotted. */
class BrowserHarnessTest {

    @Test
    void aMissingChromiumFailsTheTest() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Browser.start("BrowserHarnessTest/missing", Path.of("/nonexistent/chromium"), Browser.CHROMEDRIVER));
        assertTrue(e.getMessage().contains("apt-get install -y chromium chromium-driver"), e.getMessage());
    }

    @Test
    void screenshotsAreSavedPerStep() throws Exception {
        try (Browser browser = Browser.start("BrowserHarnessTest/data-url")) {
            browser.open("data:text/html,<title>t</title><h1>hello from chromium</h1>", "hello");
            assertEquals("hello from chromium", browser.pageText());
            Path png = browser.screenshot("again");
            assertTrue(png.endsWith("02-again.png"), png.toString());
            byte[] bytes = Files.readAllBytes(png);
            assertEquals((byte) 0x89, bytes[0]);
            assertEquals('P', bytes[1]);
        }
    }
}
