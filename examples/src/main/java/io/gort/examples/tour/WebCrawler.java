package io.gort.examples.tour;

import io.gort.sync.Mutex;
import io.gort.sync.WaitGroup;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Tour of Go, concurrency/10 "Exercise: Web Crawler" (go.dev/tour/concurrency/10), solved: crawl
 * in parallel without fetching a URL twice. A {@link Mutex}-guarded set records the URLs already
 * claimed; every crawl runs in its own goroutine and a {@link WaitGroup} tells main when all are
 * done. The fetcher is the tour's fake one, so the set of lines printed is fixed; their order is not.
 */
public final class WebCrawler {
    private WebCrawler() { }

    // type Fetcher interface { Fetch(url string) (body string, urls []string, err error) }
    interface Fetcher {
        /** Returns the body of the URL and the URLs found on that page; throws when it is not found. */
        FakeResult fetch(String url) throws Exception;
    }

    // type fakeResult struct { body string; urls []string }
    record FakeResult(String body, List<String> urls) { }

    // fakeFetcher is a Fetcher that returns canned results.
    record FakeFetcher(Map<String, FakeResult> results) implements Fetcher {
        @Override
        public FakeResult fetch(String url) throws Exception {
            FakeResult res = results.get(url);               // if res, ok := f[url]; ok {
            if (res != null) {
                return res;                                   //     return res.body, res.urls, nil
            }
            throw new Exception("not found: " + url);        // return "", nil, fmt.Errorf("not found: %s", url)
        }
    }

    // fetcher is a populated fakeFetcher.
    static final Fetcher FETCHER = new FakeFetcher(Map.of(
            "https://golang.org/", new FakeResult("The Go Programming Language",
                    List.of("https://golang.org/pkg/", "https://golang.org/cmd/")),
            "https://golang.org/pkg/", new FakeResult("Packages",
                    List.of("https://golang.org/", "https://golang.org/cmd/",
                            "https://golang.org/pkg/fmt/", "https://golang.org/pkg/os/")),
            "https://golang.org/pkg/fmt/", new FakeResult("Package fmt",
                    List.of("https://golang.org/", "https://golang.org/pkg/")),
            "https://golang.org/pkg/os/", new FakeResult("Package os",
                    List.of("https://golang.org/", "https://golang.org/pkg/"))));

    /** The URLs some crawl has claimed: claimed under the mutex, so each is fetched once. */
    static final class Visited {
        private final Mutex mu = new Mutex();
        private final Set<String> seen = new HashSet<>();     // guarded by mu

        /** True for the first caller with this URL only. */
        boolean claim(String url) {
            mu.lock();
            try {
                return seen.add(url);
            } finally {
                mu.unlock();
            }
        }
    }

    /** Crawl uses fetcher to recursively crawl pages starting with url, to a maximum of depth. */
    static void crawl(String url, int depth, Fetcher fetcher, Visited visited, WaitGroup wg) {
        if (depth <= 0 || !visited.claim(url)) {              // if depth <= 0 { return }
            return;
        }
        FakeResult res;
        try {
            res = fetcher.fetch(url);                         // body, urls, err := fetcher.Fetch(url)
        } catch (Exception err) {                             // if err != nil {
            System.out.println(err.getMessage());             //     fmt.Println(err)
            return;
        }
        System.out.printf("found: %s \"%s\"%n", url, res.body());  // fmt.Printf("found: %s %q\n", url, body)
        for (String u : res.urls()) {                         // for _, u := range urls {
            wg.go(() -> crawl(u, depth - 1, fetcher, visited, wg));  // go Crawl(u, depth-1, fetcher)
        }
    }

    public static void main(String[] args) {
        WaitGroup wg = new WaitGroup();
        wg.go(() -> crawl("https://golang.org/", 4, FETCHER, new Visited(), wg));  // Crawl("https://golang.org/", 4, fetcher)
        wg.await();
    }
}
