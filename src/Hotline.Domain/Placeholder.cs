namespace Hotline.Domain;
internal static class Placeholder { }
