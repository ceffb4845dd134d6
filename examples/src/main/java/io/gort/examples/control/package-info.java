/**
 * The control patterns of {@code io.gort.pattern} (bounded queues, priority channels, actors,
 * replicated requests, heartbeats, the steward) in one short program each, whose output a test
 * checks; the README's snippets for them come from here.
 */
package io.gort.examples.control;
