use strict;
use warnings;

my $s = <STDIN> // "";
chomp $s;
# Print s with adjacent equal pairs removed, repeatedly.
