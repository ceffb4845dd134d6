package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import io.gort.context.CancelContext;
import io.gort.context.Context;
import io.gort.context.ContextException;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * "Concurrency in Go", chapter 4, "The context Package": the book's greeting program four ways,
 * each after a line {@code == name}; the book's second is 10 ms, its minute 1 s for the locale
 * lookup that a timeout cuts short (and 20 ms where the lookup is allowed to finish).
 * <ul>
 *   <li>{@code done channel}: {@code printGreeting(done)} and {@code printFarewell(done)} with a
 *       {@code done} channel; the locale lookup finishes: "hello world!" and "goodbye world!", in
 *       either order.</li>
 *   <li>{@code context}: {@code genGreeting} wraps its context in {@code WithTimeout(ctx, 1s)}; the
 *       lookup takes a minute, so the greeting fails with "context deadline exceeded", main cancels,
 *       and the farewell fails with "context canceled".</li>
 *   <li>{@code deadline}: {@code locale} checks {@code ctx.Deadline()} and gives up at once if the
 *       lookup (a minute) cannot make it: the same output, without waiting for the timeout.</li>
 *   <li>{@code values}: {@code ProcessRequest("jane", "abc123")} stores a user id and an auth token
 *       under private typed keys; {@code HandleResponse} reads them: "handling response for jane
 *       (auth: abc123)".</li>
 * </ul>
 */
public final class Ch4ContextPackage {
    private Ch4ContextPackage() { }

    static Duration localeLookup = Duration.ofSeconds(1);
    static final Duration GREETING_TIMEOUT = Duration.ofMillis(10);

    // ---- done channel version ----

    static String localeDone(Receiver<?> done) throws Exception {
        boolean canceled = Select.select(done.onRecv(x -> true), Time.after(Duration.ofMillis(20)).onRecv(t -> false));
        if (canceled) {
            throw new Exception("canceled");
        }
        return "EN/US";
    }

    static void doneChannel() {
        WaitGroup wg = new WaitGroup();
        Chan<Object> done = Chan.make();
        try {
            wg.go(() -> {
                try {
                    String greeting = switch (localeDone(done)) {
                        case "EN/US" -> "hello";
                        default -> throw new Exception("unsupported locale");
                    };
                    System.out.printf("%s world!%n", greeting);
                } catch (Exception err) {
                    System.out.printf("%s%n", err.getMessage());
                }
            });
            wg.go(() -> {
                try {
                    String farewell = switch (localeDone(done)) {
                        case "EN/US" -> "goodbye";
                        default -> throw new Exception("unsupported locale");
                    };
                    System.out.printf("%s world!%n", farewell);
                } catch (Exception err) {
                    System.out.printf("%s%n", err.getMessage());
                }
            });
            wg.await();
        } finally {
            done.close();
        }
    }

    // ---- context version ----

    static boolean checkDeadline;

    static String locale(Context ctx) {
        if (checkDeadline) {
            Optional<Instant> deadline = ctx.deadline();
            if (deadline.isPresent() && !deadline.get().isAfter(Time.now().plus(localeLookup))) {
                throw Context.DEADLINE_EXCEEDED;             // return "", context.DeadlineExceeded
            }
        }
        ContextException err = Select.select(
                ctx.done().onRecv(x -> ctx.err()),
                Time.after(localeLookup).onRecv(t -> null));
        if (err != null) {
            throw err;
        }
        return "EN/US";
    }

    static String genGreeting(Context parent) throws Exception {
        try (CancelContext ctx = Context.withTimeout(parent, GREETING_TIMEOUT)) {   // defer cancel()
            return switch (locale(ctx)) {
                case "EN/US" -> "hello";
                default -> throw new Exception("unsupported locale");
            };
        }
    }

    static String genFarewell(Context ctx) throws Exception {
        return switch (locale(ctx)) {
            case "EN/US" -> "goodbye";
            default -> throw new Exception("unsupported locale");
        };
    }

    static void printGreeting(Context ctx) throws Exception {
        System.out.printf("%s world!%n", genGreeting(ctx));
    }

    static void printFarewell(Context ctx) throws Exception {
        System.out.printf("%s world!%n", genFarewell(ctx));
    }

    static void withContext() {
        WaitGroup wg = new WaitGroup();
        try (CancelContext ctx = Context.withCancel(Context.background())) {   // defer cancel()
            wg.go(() -> {
                try {
                    printGreeting(ctx);
                } catch (Exception err) {
                    System.out.printf("cannot print greeting: %s%n", err.getMessage());
                    ctx.cancel();
                }
            });
            wg.go(() -> {
                try {
                    printFarewell(ctx);
                } catch (Exception err) {
                    System.out.printf("cannot print farewell: %s%n", err.getMessage());
                }
            });
            wg.await();
        }
    }

    // ---- values ----

    /** The book's {@code type ctxKey int} with unexported constants: keys no other package can name. */
    private static final Context.Key<String> USER_ID = Context.Key.named("userID");
    private static final Context.Key<String> AUTH_TOKEN = Context.Key.named("authToken");

    static void processRequest(String userID, String authToken) {
        Context ctx = Context.withValue(Context.background(), USER_ID, userID);
        ctx = Context.withValue(ctx, AUTH_TOKEN, authToken);
        handleResponse(ctx);
    }

    static void handleResponse(Context ctx) {
        System.out.printf("handling response for %s (auth: %s)%n", ctx.value(USER_ID), ctx.value(AUTH_TOKEN));
    }

    public static void main(String[] args) {
        System.out.println("== done channel");
        doneChannel();
        System.out.println("== context");
        checkDeadline = false;
        withContext();
        System.out.println("== deadline");
        checkDeadline = true;
        Instant start = Time.now();
        withContext();
        System.out.println("gave up without waiting for the timeout: "
                + (Duration.between(start, Time.now()).compareTo(localeLookup) < 0));
        checkDeadline = false;
        System.out.println("== values");
        processRequest("jane", "abc123");
    }
}
