/** Channels and select (issue 3). */
module io.gort.chan {
    requires transitive io.gort.sched;
}
