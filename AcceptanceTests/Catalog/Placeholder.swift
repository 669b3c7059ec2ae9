public enum AcceptancePlaceholder {}
