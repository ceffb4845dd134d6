/** Ported Go programs and gort's showcase. */
module io.gort.examples {
    requires io.gort.runtime;
    exports io.gort.examples;
}
