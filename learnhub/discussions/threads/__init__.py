"""A meeting's discussion: questions before it, reflections (心得) after, replies one level
deep, posts the host may hide with a reason."""
