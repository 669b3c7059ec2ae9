public enum TargetsPlaceholder {}
