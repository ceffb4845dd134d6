package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.util.List;

/**
 * "Concurrency in Go", chapter 4, "Error Handling": the goroutine that produces results also
 * produces their errors, coupled in a {@code Result}, so the part of the program with more context
 * decides what to do. Each program after a line {@code == name}; {@code http.Get} is simulated
 * (no network in tests): an https URL answers "200 OK", a host called "badhost" does not resolve,
 * anything else is an unsupported protocol scheme, with Go's messages.
 * <ul>
 *   <li>{@code printing}: the book's first {@code checkStatus}, which can only print its errors.</li>
 *   <li>{@code Result}: {@code checkStatus} returns {@code Result{Error, Response}} values; main
 *       prints "error: ..." or "Response: 200 OK".</li>
 *   <li>{@code too many errors}: main stops after three errors: "Too many errors, breaking!"</li>
 * </ul>
 */
public final class Ch4ErrorHandling {
    private Ch4ErrorHandling() { }

    record Response(String status) { }

    record Result(Exception error, Response response) { }

    /** A stand-in for {@code http.Get}, with Go's error texts. */
    static Response httpGet(String url) throws Exception {
        if (!url.contains("://")) {
            throw new Exception("Get \"" + url + "\": unsupported protocol scheme \"\"");
        }
        if (url.contains("badhost")) {
            throw new Exception("Get \"" + url + "\": dial tcp: lookup badhost: no such host");
        }
        return new Response("200 OK");
    }

    static Receiver<Response> checkStatusPrinting(Receiver<?> done, String... urls) {
        Chan<Response> responses = Chan.make();
        Go.spawn(() -> {
            try {
                for (String url : urls) {
                    Response resp;
                    try {
                        resp = httpGet(url);
                    } catch (Exception err) {
                        System.out.println(err.getMessage());
                        continue;
                    }
                    if (Select.select(done.onRecv(x -> true), responses.onSend(resp, () -> false))) {
                        return;
                    }
                }
            } finally {
                responses.close();
            }
        });
        return responses;
    }

    static Receiver<Result> checkStatus(Receiver<?> done, List<String> urls) {
        Chan<Result> results = Chan.make();
        Go.spawn(() -> {
            try {
                for (String url : urls) {
                    Result result;
                    try {
                        result = new Result(null, httpGet(url));
                    } catch (Exception err) {
                        result = new Result(err, null);
                    }
                    Result r = result;
                    if (Select.select(done.onRecv(x -> true), results.onSend(r, () -> false))) {
                        return;
                    }
                }
            } finally {
                results.close();
            }
        });
        return results;
    }

    public static void main(String[] args) {
        Chan<Object> done = Chan.make();
        try {                                                    // defer close(done)
            System.out.println("== printing");
            for (Response response : checkStatusPrinting(done, "https://www.google.com", "https://badhost")) {
                System.out.printf("Response: %s%n", response.status());
            }

            System.out.println("== Result");
            for (Result result : checkStatus(done, List.of("https://www.google.com", "https://badhost"))) {
                if (result.error() != null) {
                    System.out.printf("error: %s%n", result.error().getMessage());
                    continue;
                }
                System.out.printf("Response: %s%n", result.response().status());
            }

            System.out.println("== too many errors");
            int errCount = 0;
            for (Result result : checkStatus(done, List.of("a", "https://www.google.com", "b", "c", "d"))) {
                if (result.error() != null) {
                    System.out.printf("error: %s%n", result.error().getMessage());
                    errCount++;
                    if (errCount >= 3) {
                        System.out.println("Too many errors, breaking!");
                        break;
                    }
                    continue;
                }
                System.out.printf("Response: %s%n", result.response().status());
            }
        } finally {
            done.close();
        }
    }
}
