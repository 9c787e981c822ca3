// Each test runs two or three real node processes and the heavy ones push thousands of envelopes: on a 2-core
// machine, running test classes side by side only adds timing noise to the bounded waits.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
