use strict;
use warnings;

my @v = split ' ', do { local $/; <STDIN> };
my ($n, $m) = @v[0, 1];
# Print the cheapest cost from city 1 to city n, or -1.
