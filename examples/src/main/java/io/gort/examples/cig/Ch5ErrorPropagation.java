package io.gort.examples.cig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.Map;

/**
 * "Concurrency in Go", chapter 5, "Concurrency at Scale", section "Error Propagation": errors should
 * carry what happened, where, when, and a user-facing message; each module boundary wraps the
 * errors from below in its own type, and the top level treats any error that is not of a
 * well-formed type as a bug. The book's {@code MyError} (inner error, message, stack trace, misc
 * map), the "lowlevel" module's {@code LowLevelErr}, the "intermediate" module's {@code
 * IntermediateErr}, and {@code handleError}, line by line. Two versions, each after a line {@code ==
 * name}:
 * <ul>
 *   <li>{@code unwrapped}: {@code runJob} passes the low-level error up as it is, so main sees an
 *       error that is not an {@code IntermediateErr} and reports it as a bug.</li>
 *   <li>{@code wrapped}: {@code runJob} wraps it, "cannot run job "1": requisite binaries not
 *       available", which main shows to the user.</li>
 * </ul>
 * The log line is Go's {@code log.Printf("%#v", err)} reduced to the chain of types and messages
 * (the book's has a timestamp and the whole stack trace); the stack trace is kept in the error.
 */
public final class Ch5ErrorPropagation {
    private Ch5ErrorPropagation() { }

    /** The book's MyError: Java's exception already carries the inner error and the stack trace. */
    static class MyError extends Exception {
        final Map<String, Object> misc = new HashMap<>();

        MyError(Throwable inner, String message) {
            super(message, inner);
        }
    }

    /** wrapError(err, messagef, msgArgs...). */
    static MyError wrapError(Throwable err, String messagef, Object... msgArgs) {
        return new MyError(err, String.format(messagef, msgArgs));
    }

    // ---- "lowlevel" module ----

    static final class LowLevelErr extends MyError {
        LowLevelErr(MyError e) {
            super(e, e.getMessage());
        }
    }

    static boolean isGloballyExec(String path) throws LowLevelErr {
        try {
            return Files.getPosixFilePermissions(Path.of(path)).contains(PosixFilePermission.OTHERS_EXECUTE);
        } catch (IOException | UnsupportedOperationException err) {
            String msg = "stat " + path + ": no such file or directory";   // err.Error() as Go words it
            throw new LowLevelErr(wrapError(err, msg));
        }
    }

    // ---- "intermediate" module ----

    static final class IntermediateErr extends MyError {
        IntermediateErr(MyError e) {
            super(e, e.getMessage());
        }
    }

    static boolean wrapInIntermediate;

    static void runJob(String id) throws MyError {
        String jobBinPath = "/bad/job/binary";
        boolean isExecutable;
        try {
            isExecutable = isGloballyExec(jobBinPath);
        } catch (LowLevelErr err) {
            if (wrapInIntermediate) {
                throw new IntermediateErr(wrapError(err, "cannot run job %s: requisite binaries not available", quote(id)));
            }
            throw err;
        }
        if (!isExecutable) {
            throw wrapError(null, "job binary is not executable");
        }
        // exec.Command(jobBinPath, "--id="+id).Run() would run here
    }

    private static String quote(String s) {
        return '"' + s + '"';
    }

    // ---- main ----

    static void handleError(int key, Throwable err, String message) {
        StringBuilder chain = new StringBuilder();
        for (Throwable e = err; e != null; e = e.getCause()) {
            chain.append(chain.isEmpty() ? "" : " <- ").append(e.getClass().getSimpleName());
            if (!(e instanceof MyError)) {
                chain.append("(").append(e.getMessage()).append(")");
            }
        }
        System.out.printf("[logID: %d]: %s%n", key, chain);       // log.Printf("%#v", err)
        System.out.printf("[%d] %s%n", key, message);
    }

    static void run() {
        try {
            runJob("1");
        } catch (MyError err) {
            String msg = "There was an unexpected issue; please report this as a bug.";
            if (err instanceof IntermediateErr) {
                msg = err.getMessage();
            }
            handleError(1, err, msg);
        }
    }

    public static void main(String[] args) {
        System.out.println("== unwrapped");
        wrapInIntermediate = false;
        run();
        System.out.println("== wrapped");
        wrapInIntermediate = true;
        run();
        wrapInIntermediate = false;
    }
}
