package io.omnihub.app.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.app.HubTestSupport;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (headless Chromium from the system packages, driven by
 * Selenium): an operator signs in, sees the failing destination highlighted with its reason, opens
 * its dead letter, replays it once the back office is fixed, and finds the order's trace. Skipped
 * when {@code chromium} / {@code chromedriver} are not installed. Screenshots of each view go to
 * {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest extends HubTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    static final String SHOP = "shop-console";
    static final String DEST = "erp-console";
    static final ErpStub BACKOFFICE = ErpStub.start();

    @BeforeAll
    static void config() {
        BACKOFFICE.failAll(500);
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
        writeConfig(DEST + ".yaml", deadLetteringDestination(DEST, BACKOFFICE.url()));
    }

    @AfterAll
    static void stop() {
        deleteConfig(DEST + ".yaml");
        deleteConfig(SHOP + ".yaml");
        BACKOFFICE.close();
    }

    @Test
    void consoleIsServedByTheHubAtItsOwnPath() {
        HttpResponse<String> bare = get("/console");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location").orElse("")).endsWith("/console/");

        HttpResponse<String> page = get("/console/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"login-form\"", "src=\"app.js\"", "href=\"app.css\"");
        assertThat(page.body()).as("no CDN at run time").doesNotContain("http://", "https://");

        HttpResponse<String> js = get("/console/app.js");
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.body()).contains("X-Requested-With")
                .doesNotContainPattern("innerHTML\\s*=|insertAdjacentHTML|document\\.write");
        assertThat(get("/console/app.css").statusCode()).isEqualTo(200);
    }

    @Test
    void operatorSeesTheFailureOpensTheDeadLetterReplaysItAndFindsTheTrace() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
        awaitConnector(SHOP);
        awaitDestination(DEST);

        // an order the back office refuses: dead-lettered after two attempts
        long orderId = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
        String subject = SHOP + ":order:" + orderId;
        byte[] order = order(orderId);
        HttpResponse<String> accepted = post("/webhooks/" + SHOP, order, ShopifySigner.headers("orders/create", order,
                SHOPIFY_SECRET, UUID.randomUUID().toString(), "console.myshopify.com"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        await(Duration.ofSeconds(30), "dead letter for " + subject, () -> deadLetterIds(subject).size() == 1);
        String id = deadLetterIds(subject).get(0);

        WebDriver driver = startBrowser();
        try {
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));

            // sign in
            driver.get(url("/console"));
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            driver.findElement(By.id("login-user")).sendKeys(ADMIN_USER);
            driver.findElement(By.id("login-password")).sendKeys(ADMIN_PASSWORD);
            driver.findElement(By.id("login-submit")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), ADMIN_USER));
            assertThat(driver.getCurrentUrl()).endsWith("#/overview");

            // overview: the failing destination is highlighted with its reason, the connector is fine
            By destRow = By.cssSelector("[data-testid='destination-row-" + DEST + "']");
            wait.until(d -> List.of("warn", "err").contains(d.findElement(destRow).getAttribute("data-level")));
            String reason = driver.findElement(By.cssSelector("[data-testid='destination-reason-" + DEST + "']")).getText();
            assertThat(reason).contains("HTTP 500").contains("dead letter");
            assertThat(driver.findElement(destRow).getAttribute("class")).containsPattern("level-(warn|err)");
            WebElement connectorRow = driver.findElement(By.cssSelector("[data-testid='connector-row-" + SHOP + "']"));
            assertThat(connectorRow.getAttribute("data-level")).isEqualTo("ok");
            assertThat(driver.findElement(By.cssSelector("[data-testid='tile-dead-letters'] .value")).getText()).isNotEqualTo("0");
            screenshot(driver, "console-overview.png");

            // dead letters: follow the destination's count, open the item
            driver.findElement(By.cssSelector("[data-testid='destination-dead-letters-" + DEST + "']")).click();
            wait.until(ExpectedConditions.attributeToBe(By.id("filter-destination"), "value", DEST));
            By row = By.cssSelector("[data-testid='dl-row'][data-id='" + id + "']");
            wait.until(ExpectedConditions.elementToBeClickable(row)).click();
            WebElement body = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dl-body")));
            assertThat(body.getText()).contains(String.valueOf(orderId)).contains("***")
                    .doesNotContain("bob.norman@hostmail.com");
            assertThat(driver.findElement(By.id("dl-detail")).getText()).contains(subject).contains("HTTP 500");
            screenshot(driver, "console-dead-letter.png");

            // fix the back office, replay from the console
            BACKOFFICE.healthy();
            driver.findElement(By.id("dl-replay")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Replayed"));
            await(Duration.ofSeconds(20), "replayed order delivered", () -> deliveredTo(subject) == 1);
            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            assertThat(driver.findElements(row)).isEmpty();
            assertThat(deadLetterIds(subject)).isEmpty();

            // trace of the order by its subject
            driver.findElement(By.id("nav-trace")).click();
            WebElement input = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("trace-input")));
            input.sendKeys(subject);
            driver.findElement(By.id("trace-search")).click();
            wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.id("trace-timeline")),
                    ExpectedConditions.presenceOfElementLocated(By.id("trace-empty"))));
            HttpResponse<String> trace = get("/api/v1/trace/" + subject);
            assertThat(trace.statusCode()).as(trace.body()).isEqualTo(200);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("trace-timeline")));
            List<String> expected = new ArrayList<>();
            json(trace.body()).path("hops").forEach(h -> expected.add(h.path("hop").asText()));
            assertThat(expected).containsSubsequence("RECEIVED", "PUBLISHED", "DEAD_LETTERED", "REPLAYED", "DELIVERED");
            List<String> shown = driver.findElements(By.cssSelector("[data-testid='trace-hop']")).stream()
                    .map(e -> e.getAttribute("data-hop")).toList();
            assertThat(shown).as("the console shows every hop in order").containsExactlyElementsOf(expected);
            screenshot(driver, "console-trace.png");

            // a viewer sees a dead letter, masked, but has no replay/edit/discard and cannot unmask
            BACKOFFICE.failAll(500);
            long second = orderId + 1;
            String secondSubject = SHOP + ":order:" + second;
            byte[] secondOrder = order(second);
            assertThat(post("/webhooks/" + SHOP, secondOrder, ShopifySigner.headers("orders/create", secondOrder,
                    SHOPIFY_SECRET, UUID.randomUUID().toString(), "console.myshopify.com")).statusCode()).isEqualTo(200);
            await(Duration.ofSeconds(30), "dead letter for " + secondSubject, () -> deadLetterIds(secondSubject).size() == 1);
            String secondId = deadLetterIds(secondSubject).get(0);
            driver.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
            driver.findElement(By.id("login-user")).clear();
            driver.findElement(By.id("login-user")).sendKeys(VIEWER_USER);
            driver.findElement(By.id("login-password")).clear();
            driver.findElement(By.id("login-password")).sendKeys(USER_PASSWORD);
            driver.findElement(By.id("login-submit")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), VIEWER_USER + " (VIEWER)"));
            driver.findElement(By.id("nav-dead-letters")).click();
            By secondRow = By.cssSelector("[data-testid='dl-row'][data-id='" + secondId + "']");
            wait.until(ExpectedConditions.elementToBeClickable(secondRow)).click();
            WebElement viewerBody = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dl-body")));
            assertThat(viewerBody.getText()).contains("***").doesNotContain("bob.norman@hostmail.com");
            assertThat(driver.findElements(By.id("dl-replay"))).isEmpty();
            assertThat(driver.findElements(By.id("dl-discard"))).isEmpty();
            assertThat(driver.findElements(By.id("dl-edit"))).isEmpty();
            assertThat(driver.findElement(By.id("dl-detail")).getText()).contains("can look but not replay");
            assertThat(send(VIEWER_USER, USER_PASSWORD, "POST", "/api/v1/dead-letters/" + Addresses.destinationDlq(DEST) + "/"
                    + URLEncoder.encode(secondId, StandardCharsets.UTF_8) + "/replay", new byte[0], Map.of()).statusCode())
                    .as("and the API refuses it too").isEqualTo(403);
            BACKOFFICE.healthy();
        } catch (Throwable e) {
            diagnostics(driver);
            throw e;
        } finally {
            driver.quit();
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static WebDriver startBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        File profile = Files.createTempDirectory("omnihub-chromium").toFile();
        profile.deleteOnExit();
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,900", "--user-data-dir=" + profile.getAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** On failure: a screenshot, the page's HTML and the browser console next to the other screenshots. */
    private static void diagnostics(WebDriver driver) {
        try {
            screenshot(driver, "failure.png");
            Files.writeString(SCREENSHOTS.resolve("failure.html"), driver.getPageSource());
            StringBuilder log = new StringBuilder();
            driver.manage().logs().get(LogType.BROWSER).forEach(l -> log.append(l).append('\n'));
            Files.writeString(SCREENSHOTS.resolve("failure-console.log"), log);
        } catch (RuntimeException | IOException ignored) {
            // diagnostics are best effort; the test's own failure is what matters
        }
    }

    private static void screenshot(WebDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }

    private static byte[] order(long id) {
        try {
            ObjectNode o = (ObjectNode) json(new String(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"),
                    StandardCharsets.UTF_8));
            o.put("id", id);
            o.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
            o.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
            return Json.mapper().writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> deadLetterIds(String subject) {
        HttpResponse<String> r = get("/api/v1/dead-letters?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r.body()).path("items").forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    private static long deliveredTo(String subject) {
        return BACKOFFICE.delivered().stream().filter(e -> subject.equals(e.path("subject").asText())).count();
    }
}
