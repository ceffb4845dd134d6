package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Sender;
import java.time.Duration;

/**
 * Go by Example: Worker Pools (gobyexample.com/worker-pools). Three workers take five jobs from one
 * channel and send results on another; main collects the five results. Each job's second of work is
 * 20 ms here, so the program takes about two jobs' time, not five, because three workers share it.
 */
public final class WorkerPools {
    private WorkerPools() { }

    static final int NUM_JOBS = 5;                           // const numJobs = 5

    // func worker(id int, jobs <-chan int, results chan<- int)
    static void worker(int id, Receiver<Integer> jobs, Sender<Integer> results) {
        for (int j : jobs) {                                 // for j := range jobs {
            System.out.println("worker " + id + " started  job " + j);
            Time.sleep(Duration.ofMillis(20));               // time.Sleep(time.Second)
            System.out.println("worker " + id + " finished job " + j);
            results.send(j * 2);                             // results <- j * 2
        }
    }

    public static void main(String[] args) {
        Chan<Integer> jobs = Chan.make(NUM_JOBS);            // jobs := make(chan int, numJobs)
        Chan<Integer> results = Chan.make(NUM_JOBS);         // results := make(chan int, numJobs)

        for (int w = 1; w <= 3; w++) {
            int id = w;
            Go.spawn(() -> worker(id, jobs, results));       // go worker(w, jobs, results)
        }
        for (int j = 1; j <= NUM_JOBS; j++) {
            jobs.send(j);                                    // jobs <- j
        }
        jobs.close();                                        // close(jobs)

        for (int a = 1; a <= NUM_JOBS; a++) {
            results.recv();                                  // <-results
        }
    }
}
