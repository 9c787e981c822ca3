Console.WriteLine("hotline");
