package dev.attention.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The interactive page in a real browser: Debian's headless Chromium driven by its chromedriver.
 * Pages of the seed example, the multi-head example and a fit are made by the CLI, then checked
 * against the files the same run wrote: every hovered cell's tooltip equals {@code weights.csv}'s
 * text, the head selector switches panels, the fit page has one loss point per epoch of
 * {@code training.json}, and the browser logs no error. Without Chromium this fails, naming what is
 * missing ({@code .ci/run} installs it).
 */
class ViewBrowserIT {
    private static final Path CHROMIUM = Path.of(System.getProperty("attention.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("attention.chromedriver",
            "/usr/bin/chromedriver"));
    /** Where the README's screenshot is saved: -Dattention.view.screenshot=../docs/view-multi-head.png. */
    private static final Path SCREENSHOT = Path.of(System.getProperty("attention.view.screenshot",
            "target/view-multi-head.png"));

    @TempDir
    static Path work;

    private static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        for (Path p : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(p)) {
                fail("the browser tests need " + p + ", which is missing: install Debian's chromium and"
                        + " chromium-driver (apt-get install -y chromium chromium-driver; .ci/run does), or point"
                        + " -Dattention.chromium / -Dattention.chromedriver at them");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without these Chromium calls Google's services, which are refused here and slow every page.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(work.resolve("profile")), "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String example(String name, String file) {
        return Path.of("..", "examples", name, file).toAbsolutePath().normalize().toString();
    }

    private static void open(Path page) {
        assertTrue(Files.isRegularFile(page), page + " was not written");
        browser.get(page.toUri().toString());
    }

    private static List<String> severe() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** The weights file as text cells: per batch index, per query, per key. */
    private static Map<String, List<String[]>> weights(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        boolean batched = lines.get(0).startsWith("batch,");
        Map<String, List<String[]>> out = new java.util.LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            out.computeIfAbsent(batched ? cells[0] : "", k -> new ArrayList<>())
                    .add(java.util.Arrays.copyOfRange(cells, batched ? 2 : 1, cells.length));
        }
        return out;
    }

    private static String hover(String id) {
        WebElement cell = browser.findElement(By.id(id));
        new Actions(browser).moveToElement(cell).perform();
        WebElement tip = browser.findElement(By.id("tooltip"));
        assertTrue(tip.isDisplayed(), "hovering " + id + " shows the tooltip");
        return browser.findElement(By.id("tooltip-value")).getText();
    }

    /** Picks option {@code k} of the head selector as a user does, by clicking it. */
    private static void choose(int k) {
        browser.findElement(By.cssSelector("#head-select option[value='" + k + "']")).click();
    }

    private static Cli.Result cli(String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.code(), r::toString);
        return r;
    }

    @Test
    void theErrorCheckSeesAnError() throws Exception {
        // The "no console errors" checks below would pass vacuously if the log were never read.
        Path bad = Files.writeString(work.resolve("bad.html"), "<!DOCTYPE html><script>throw new Error('boom')</script>");
        open(bad);
        assertFalse(severe().isEmpty(), "a thrown error is logged at SEVERE");
    }

    @Test
    void seedExample() throws Exception {
        Path out = work.resolve("seed");
        cli("run", example("seed-figure-1", "config.yaml"), "--out", out.toString(), "--view",
                out.resolve("view.html").toString());
        List<String[]> w = weights(out.resolve("weights.csv")).get("");
        open(out.resolve("view.html"));
        assertEquals(List.of(), severe());
        for (int i = 0; i < w.size(); i++) {
            for (int j = 0; j < w.get(i).length; j++) {
                assertEquals(w.get(i)[j], hover("cell-" + i + "-" + j), "query " + i + ", key " + j);
            }
        }
        // The head view: a line from query 1 to every key it weighs, and the pipeline beside it.
        hover("cell-1-0");
        long weighed = java.util.Arrays.stream(w.get(1)).filter(s -> Double.parseDouble(s) != 0).count();
        assertEquals(weighed, browser.findElements(By.cssSelector(".head-view line.link")).size());
        assertTrue(browser.findElement(By.id("explain")).getText().contains("alignment dot"));
        // The page from the saved folder shows the same numbers.
        Path saved = work.resolve("seed-saved.html");
        cli("view", out.toString(), "--out", saved.toString());
        open(saved);
        assertEquals(w.get(2)[3], hover("cell-2-3"));
        assertEquals(List.of(), severe());
    }

    @Test
    void multiHeadSelectorSwitchesPanels() throws Exception {
        Path out = work.resolve("multi-head");
        Path page = work.resolve("multi-head.html");
        cli("run", example("multi-head", "config.yaml"), "--out", out.toString(), "--view", page.toString());
        // batch index of weights.csv = element · heads + head: 0, 1 = s1 heads 0, 1; 2, 3 = s2 (3 tokens)
        Map<String, List<String[]>> w = weights(out.resolve("weights.csv"));
        open(page);
        assertEquals(List.of(), severe());
        assertEquals(4, browser.findElements(By.cssSelector("#grid .thumb")).size());
        for (int k = 0; k < 4; k++) {
            choose(k);
            assertEquals(Integer.toString(k), browser.findElement(By.id("main-panel")).getAttribute("data-panel"));
            assertEquals(w.get(Integer.toString(k)).get(2)[1], hover("cell-2-1"), "panel " + k);
        }
        // s2 has 3 tokens: its padded query row is cut, not drawn as zeros
        assertTrue(browser.findElements(By.id("cell-3-0")).isEmpty());
        // keyboard: the selector moves with the arrow keys
        WebElement select = browser.findElement(By.id("head-select"));
        choose(0);
        browser.executeScript("arguments[0].focus()", select);
        new Actions(browser).sendKeys(Keys.ARROW_DOWN).perform();
        assertEquals("1", browser.findElement(By.id("main-panel")).getAttribute("data-panel"));
        // the picture in the README: head 1 of s1 with query 2's lines drawn
        browser.findElement(By.id("cell-2-1")).click();
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());
        Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
        assertEquals(List.of(), severe());
    }

    @Test
    void fitPageHasOnePointPerEpoch() throws Exception {
        Path out = work.resolve("fit");
        Path page = work.resolve("fit.html");
        cli("fit", example("multi-head-fit", "fit.yaml"), "--out", out.toString(), "--view", page.toString());
        JsonNode history = new ObjectMapper().readTree(out.resolve("training.json").toFile()).get("history");
        open(page);
        assertEquals(List.of(), severe());
        List<WebElement> points = browser.findElements(By.cssSelector("#loss-curves circle.pt-train"));
        assertEquals(history.size(), points.size());
        int held = 0;
        for (JsonNode e : history) {
            held += e.get("validation_loss").isNumber() ? 1 : 0;
        }
        assertEquals(held, browser.findElements(By.cssSelector("#loss-curves circle.pt-held")).size());
        // the last point's tooltip is the last epoch's training loss as training.json holds it
        new Actions(browser).moveToElement(points.get(points.size() - 1)).perform();
        assertEquals(history.get(history.size() - 1).get("train_loss").asText(),
                browser.findElement(By.id("tooltip-value")).getText());
        assertFalse(browser.findElements(By.id("before-cell-0-0")).isEmpty(), "weights before training");
        assertFalse(browser.findElements(By.id("after-cell-0-0")).isEmpty(), "weights after training");
    }

    @Test
    void searchLeaderboardSortsAndPlots() throws Exception {
        Path out = work.resolve("search");
        Path page = work.resolve("search.html");
        cli("search", example("kernel-regression", "search.yaml"), "--out", out.toString(), "--view", page.toString());
        List<String> lines = Files.readAllLines(out.resolve("leaderboard.csv"));
        int mean = List.of(lines.get(0).split(",")).indexOf("mean");
        List<Double> means = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            if (cells[2].equals("ok")) {
                means.add(Double.parseDouble(cells[mean]));
            }
        }
        open(page);
        assertEquals(List.of(), severe());
        WebElement header = browser.findElement(By.cssSelector("#leaderboard th button[data-column='mean']"));
        header.click();
        header.click();
        // descending: the worst mean first, as leaderboard.csv prints it
        String first = browser.findElement(By.cssSelector("#leaderboard tbody tr td:nth-child(" + (mean + 1) + ")"))
                .getText();
        assertEquals(java.util.Collections.max(means), Double.parseDouble(first));
        // one point per scored trial against the alignment (every trial has one)
        browser.findElement(By.cssSelector("#param-select option[value='alignment']")).click();
        assertEquals(means.size(), browser.findElements(By.cssSelector("#score-plot circle")).size());
    }

    @Test
    void aLargePanelIsSummarisedAndSaysSo() throws Exception {
        Path out = work.resolve("seed-large");
        Path page = work.resolve("seed-large.html");
        cli("run", example("seed-figure-1", "config.yaml"), "--out", out.toString(), "--view", page.toString(),
                "--view-max-cells", "4");
        open(page);
        assertEquals(List.of(), severe());
        String note = browser.findElement(By.cssSelector(".summary-note")).getText();
        // the seed's weights are 3 queries × 4 keys
        assertTrue(note.contains("3 × 4 = 12 weights") && note.contains("(4, the --view-max-cells option)"), note);
        assertTrue(browser.findElements(By.id("cell-0-0")).isEmpty(), "no full heatmap");
        // its top key per query is printed as weights.csv prints it
        String[] row0 = weights(out.resolve("weights.csv")).get("").get(0);
        String top = browser.findElement(By.cssSelector("table.summary tbody tr td:nth-child(3)")).getText();
        assertTrue(top.startsWith("3 (" + row0[3] + ")"), top + " vs " + String.join(",", row0));
    }

    /** The thumbnails marked as linked, by panel index. */
    private static List<String> linked() {
        List<String> out = new ArrayList<>();
        for (WebElement t : browser.findElements(By.cssSelector(".thumb.linked"))) {
            out.add(t.getAttribute("data-panel"));
        }
        return out;
    }

    @Test
    void multilevelLinksEachSentenceToItsWords() throws Exception {
        Path out = work.resolve("multilevel");
        Path page = work.resolve("multilevel.html");
        cli("run", example("multilevel", "config.yaml"), "--out", out.toString(), "--view", page.toString());
        Map<String, List<String[]>> top = weights(out.resolve("weights.csv"));
        Map<String, List<String[]>> words = weights(out.resolve("weights_level1.csv"));
        open(page);
        assertEquals(List.of(), severe());
        // panels: 2 documents (sentence level), then 2 × 3 sentences (word level, padded to 3 per document)
        assertEquals(8, browser.findElements(By.cssSelector("#grid .thumb")).size());
        choose(1);
        for (int s = 0; s < 3; s++) {
            assertEquals(top.get("1").get(0)[s], hover("cell-0-" + s));
            // documents.csv: d2's sentence s is batch 1 · 3 + s of the word level, panel 2 + 3 + s
            assertEquals(List.of(Integer.toString(2 + 3 + s)), linked(), "sentence " + s + " of d2");
        }
        new Actions(browser).moveToElement(browser.findElement(By.id("explain"))).perform();
        assertEquals(List.of(), linked(), "leaving the panel clears the link");
        // d2's second sentence has 3 words (documents.csv): its panel shows weights_level1.csv row 4
        choose(6);
        for (int j = 0; j < 3; j++) {
            assertEquals(words.get("4").get(0)[j], hover("cell-0-" + j));
        }
        assertEquals(List.of(), severe());
    }

    @Test
    void coAttentionShowsBothDirectionsSideBySide() throws Exception {
        Path out = work.resolve("co-attention");
        Path page = work.resolve("co-attention.html");
        cli("run", example("co-attention", "config.yaml"), "--out", out.toString(), "--view", page.toString());
        Map<String, List<String[]>> a = weights(out.resolve("weights.csv"));
        Map<String, List<String[]>> b = weights(out.resolve("weights_b.csv"));
        open(page);
        assertEquals(List.of(), severe());
        for (int pair = 0; pair < 2; pair++) {
            choose(2 * pair);
            WebElement partner = browser.findElement(By.id("partner-panel"));
            assertEquals(Integer.toString(2 * pair + 1), partner.getAttribute("data-panel"));
            for (int j = 0; j < a.get(Integer.toString(pair)).get(0).length; j++) {
                assertEquals(a.get(Integer.toString(pair)).get(0)[j], hover("cell-0-" + j), "a, pair " + pair);
                assertTrue(partner.getAttribute("class").contains("linked"), "hovering a marks b");
            }
            for (int j = 0; j < b.get(Integer.toString(pair)).get(0).length; j++) {
                assertEquals(b.get(Integer.toString(pair)).get(0)[j], hover("partner-cell-0-" + j), "b, pair " + pair);
                assertEquals(List.of(Integer.toString(2 * pair)), linked(), "hovering b marks a");
            }
        }
        assertEquals(List.of(), severe());
    }

    @Test
    void streamPageShowsTheFinalWeights() throws Exception {
        Path page = work.resolve("stream.html");
        String lines = "{\"key\":[0,1],\"value\":[10]}\n{\"key\":[1,0],\"value\":[20]}\n{\"key\":[1,1],\"value\":[30]}\n"
                + "{\"key\":[2,0],\"value\":[40]}\n{\"query\":[1,0]}\n{\"query\":[0,2]}\n{\"end\":true}\n";
        java.io.InputStream in = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(lines.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            cli("stream", example("stream", "config.yaml"), "--view", page.toString());
        } finally {
            System.setIn(in);
        }
        // the batch run of the same readings and queries (the example's inputs)
        Path out = work.resolve("stream-run");
        cli("run", example("stream", "config.yaml"), "--out", out.toString());
        List<String[]> w = weights(out.resolve("weights.csv")).get("");
        open(page);
        assertEquals(List.of(), severe());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(Double.parseDouble(w.get(i)[j]), Double.parseDouble(hover("cell-" + i + "-" + j)), 1e-15);
            }
        }
    }
}
