use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my ($n, $target) = @v[0, 1];
my @a = @v[2 .. $n + 1];
# Print the two positions (from 1) whose values add up to target.
