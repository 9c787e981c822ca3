using Hotline.Workloads;

return await WorkloadCommand.RunAsync(args);
