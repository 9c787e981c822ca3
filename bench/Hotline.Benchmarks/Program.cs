using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Hotline.Benchmarks -- --filter '*'   (see docs/performance.md)
BenchmarkSwitcher.FromAssembly(typeof(Hotline.Benchmarks.EnvelopeBenchmarks).Assembly).Run(args);
