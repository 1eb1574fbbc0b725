namespace GraphNav.Torch; internal static class Placeholder { }
