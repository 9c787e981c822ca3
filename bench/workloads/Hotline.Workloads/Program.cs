using Hotline.Workloads;

// `evidence [ENTRIES]` measures export and verification of a large transcript; anything else is an end-to-end workload.
if (args.Length > 0 && args[0] == "evidence")
{
    return await EvidenceWorkload.RunAsync(args.Length > 1 ? long.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000, CancellationToken.None);
}

return await WorkloadCommand.RunAsync(args);
