package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import java.time.Duration;

/**
 * Go by Example: Context (gobyexample.com/context). The page's program is an HTTP server whose
 * {@code hello} handler pretends to work for ten seconds while watching the request's context,
 * which {@code net/http} cancels when the client goes away; you try it with {@code curl} and
 * Ctrl+C. This port keeps {@code hello} as it is (a handler of a request and a response writer) and
 * replaces the network with what {@code net/http} would do: each request runs the handler in a
 * goroutine of its own, with a context that the "client" cancels. Two clients call it:
 * <ol>
 *   <li>one that hangs up after 50 ms (the page's Ctrl+C): the handler sees {@code context
 *       canceled};
 *   <li>one with a 30 ms deadline ({@code curl --max-time}): the handler sees {@code context
 *       deadline exceeded}.
 * </ol>
 * Neither waits for the ten seconds, so the output is the same on every run.
 */
public final class ContextExample {
    private ContextExample() { }

    /** The request, as far as the handler uses it: {@code req.Context()}. */
    record Request(String path, Context context) { }

    /** An {@code http.ResponseWriter} that keeps what the handler wrote. */
    static final class ResponseWriter {
        int status = 200;
        final StringBuilder body = new StringBuilder();

        void write(String s) {                                // fmt.Fprintf(w, ...)
            body.append(s);
        }

        /** http.Error(w, error, code). */
        static void error(ResponseWriter w, String error, int code) {
            w.status = code;
            w.body.append(error).append('\n');
        }
    }

    static final Duration WORK = Duration.ofSeconds(10);

    // func hello(w http.ResponseWriter, req *http.Request)
    static void hello(ResponseWriter w, Request req) {
        Context ctx = req.context();                         // ctx := req.Context()
        System.out.println("server: hello handler started");
        try {                                                // defer fmt.Println("server: hello handler ended")
            Select.select(                                   // select {
                    Time.after(WORK).onRecv(t -> {           // case <-time.After(10 * time.Second):
                        w.write("hello\n");                  //     fmt.Fprintf(w, "hello\n")
                        return null;
                    }),
                    ctx.done().onRecv(x -> {                 // case <-ctx.Done():
                        ContextException err = ctx.err();    //     err := ctx.Err()
                        System.out.println("server: " + err.getMessage());  // fmt.Println("server:", err)
                        ResponseWriter.error(w, err.getMessage(), 500);      // http.Error(w, err.Error(), http.StatusInternalServerError)
                        return null;
                    }));
        } finally {
            System.out.println("server: hello handler ended");
        }
    }

    /** What net/http does per request: the handler in a goroutine of its own; the response comes back on a channel. */
    static Chan<ResponseWriter> serve(Request req) {
        Chan<ResponseWriter> response = Chan.make(1);
        Go.spawn(() -> {
            ResponseWriter w = new ResponseWriter();
            hello(w, req);
            response.send(w);
        });
        return response;
    }

    public static void main(String[] args) {
        // Client 1: `curl localhost:8090/hello`, then Ctrl+C; net/http cancels the request's context.
        try (CancelContext conn = Context.withCancel(Context.background())) {
            Chan<ResponseWriter> response = serve(new Request("/hello", conn));
            Time.sleep(Duration.ofMillis(50));
            conn.cancel();                                   // the client hangs up
            ResponseWriter w = response.recv();
            System.out.println("client: " + w.status + " " + w.body.toString().strip());
        }

        // Client 2: `curl --max-time 0.03 localhost:8090/hello`: the request's context has a deadline.
        try (CancelContext conn = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
            ResponseWriter w = serve(new Request("/hello", conn)).recv();
            System.out.println("client: " + w.status + " " + w.body.toString().strip());
        }
    }
}
